#!/bin/sh
# Makes the PDF fixture of testdata/formats from its HTML source here, with
# headless Chromium (Debian package chromium) and DejaVu fonts. Tests use
# the committed PDF; nothing in CI runs this.
set -e
cd "$(dirname "$0")"
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	--print-to-pdf=../lumatrine-q3-2025.pdf lumatrine-q3-2025.html

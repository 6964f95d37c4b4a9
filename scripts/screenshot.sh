#!/usr/bin/env bash
# Takes the README's screenshots in Debian's headless Chromium:
#   docs/screenshot.png         the question page of `bot serve` over the embedded corpus;
#   docs/screenshot-source.png  the source page of a press release with a results table
#                               (testdata/formats), its Revenue row cited.
# Usage: scripts/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
go build -o "$dir/bot" ./cmd/bot
"$dir/bot" serve --addr 127.0.0.1:18765 >"$dir/serve.log" 2>&1 &
pid=$!
"$dir/bot" serve --addr 127.0.0.1:18766 --corpus testdata/formats >"$dir/serve2.log" 2>&1 &
pid2=$!
trap 'kill $pid $pid2 2>/dev/null; rm -rf "$dir"' EXIT
for port in 18765 18766; do
	for _ in $(seq 50); do curl -sf http://127.0.0.1:$port/readyz >/dev/null && break; sleep 0.1; done
done
shot() { # shot FILE HEIGHT URL
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$dir/profile" --hide-scrollbars --window-size=900,"$2" \
		--screenshot="$PWD/$1" "$3" 2>/dev/null
	echo "wrote $1"
}
shot docs/screenshot.png 1250 "http://127.0.0.1:18765/?q=what+was+cloud+revenue+growth%3F"
# The Revenue row is passage 10 of the converted page; the window holds the whole page.
shot docs/screenshot-source.png 1400 "http://127.0.0.1:18766/sources/corvexa-q3-2025.html#p-10"

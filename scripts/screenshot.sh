#!/usr/bin/env bash
# Takes docs/screenshot.png: the real page of `bot serve` over the embedded
# corpus, in Debian's headless Chromium. Usage: scripts/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
go build -o "$dir/bot" ./cmd/bot
"$dir/bot" serve --addr 127.0.0.1:18765 >"$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:18765/readyz >/dev/null && break; sleep 0.1; done
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$dir/profile" --hide-scrollbars --window-size=900,1250 \
	--screenshot="$PWD/docs/screenshot.png" \
	"http://127.0.0.1:18765/?q=what+was+cloud+revenue+growth%3F" 2>/dev/null
echo "wrote docs/screenshot.png"

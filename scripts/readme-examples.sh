#!/usr/bin/env bash
# Prints the README's "What it answers" examples from the real binary, so
# the README shows real output. Usage: scripts/readme-examples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/bot
go build -o "$bin" ./cmd/bot
ask() {
	local q="${*: -1}" opts=("${@:1:$#-1}")
	echo "\$ bot ask ${opts[*]:+${opts[*]} }\"$q\""
	out=$("$bin" ask "$@")
	printf '%s\n' "$out" | head -n "${LINES_PER:-3}"
	echo
}
echo '```'
ask "what was cloud revenue growth?"
ask "cloud rev growth in the december quarter"
ask "Did cloud beat expectations?"
ask "What did analysts expect total revenue to be?"
ask "How much does Alibaba plan to invest in AI and cloud over three years?"
ask "What did Eddie Wu say about customer demand for AI?"
ask "What was Alibaba's operating margin?"
ask "What was Baidu's revenue?"
ask --corpus testdata/corpus2 "Did Norvane beat EPS expectations?"
ask --corpus testdata/corpus2 "Helvaris revenue growth in constant currency"
ask --corpus testdata/corpus2 "What was Qilvara's revenue in the June quarter?"
echo '```'

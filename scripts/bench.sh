#!/bin/sh
# bench.sh reproduces the figures of docs/benchmarks.md (issue 7).
#
#   scripts/bench.sh [COUNT]        COUNT runs of each benchmark (default 5)
#
# It writes $BENCH_OUT/bench.txt (benchstat-readable: feed two of them to
# `go run golang.org/x/perf/cmd/benchstat@latest old.txt new.txt`),
# accuracy.txt and load.txt there (default /tmp/resultsbot-bench), and prints them. It takes
# about 20 minutes with COUNT=5 and needs about 1 GB of memory. The HTTP
# servers it starts listen on 127.0.0.1 only and are stopped at the end.
set -eu
cd "$(dirname "$0")/.."
count=${1:-5}
out=${BENCH_OUT:-/tmp/resultsbot-bench}
mkdir -p "$out"
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

{
	echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(go version)"
	echo "# nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | tr -s ' \t' ' ')"
	echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/bench.txt"

b() { # b PKG PATTERN [go test flags...]: one go test process per call
	pkg=$1 pat=$2
	shift 2
	go test -run '^$' -bench "$pat" -benchmem -count="$count" -timeout 60m "$@" "$pkg" | tee -a "$out/bench.txt"
}

# Index build and search, on the index alone.
b ./internal/index/ .
# Engine: build, Ask latency and its ratio to the floor, the floor,
# parallel Ask; each size loads once per process.
b ./internal/answer/ '^Benchmark(IndexBuild|Ask|Floor|AskParallel)$' -benchtime=2s
# Cold start and peak memory, each in a process of its own so that the
# peak (VmHWM) is that of the benchmark alone.
b ./internal/answer/ '^BenchmarkColdStart$/^embedded$'
go test -run '^$' -bench '^BenchmarkColdStart$/^100k$' -benchmem -benchtime=1x -count=1 -timeout 60m ./internal/answer/ | tee -a "$out/bench.txt"
GOMEMLIMIT=400MiB go test -run '^$' -bench '^BenchmarkColdStart$/^100k$' -benchmem -benchtime=1x -count=1 -timeout 60m ./internal/answer/ |
	sed 's/ColdStart\/100k/ColdStart\/100k-gomemlimit400/' | tee -a "$out/bench.txt"

# Accuracy at 1k, 10k and 100k passages.
RESULTSBOT_SCALE=1 go test -run '^TestAccuracyAtScale$' -v -timeout 30m ./internal/answer/ | grep -E 'passages|wrong|PASS|FAIL' | tee "$out/accuracy.txt"

# HTTP load on /v1/ask: the embedded corpus, then 100k passages.
go build -o "$tmp/bot" ./cmd/bot
go build -o "$tmp/loadgen" ./cmd/loadgen
serve() { # serve PORT [bot serve flags...]: start, wait until ready
	port=$1
	shift
	"$tmp/bot" serve --addr "127.0.0.1:$port" --log-level error "$@" >"$tmp/serve-$port.log" 2>&1 &
	pids="$pids $!"
	i=0
	until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
		i=$((i + 1))
		if [ $i -gt 600 ]; then echo "server on $port not ready" >&2; cat "$tmp/serve-$port.log" >&2; exit 1; fi
		sleep 0.5
	done
}
: >"$out/load.txt"
serve 18231
for c in 2 8 32; do
	echo "embedded corpus, -c $c: $("$tmp/loadgen" -url http://127.0.0.1:18231/v1/ask -c $c -d 10s)" | tee -a "$out/load.txt"
done
"$tmp/loadgen" -gen "$tmp/c100k" -size 100k >/dev/null
serve 18232 --corpus "$tmp/c100k"
echo "100k passages: peak RSS of the server after loading $(grep VmHWM /proc/$(echo $pids | awk '{print $NF}')/status | tr -s ' \t' ' ')" | tee -a "$out/load.txt"
for c in 2 8; do
	echo "100k passages, -c $c: $("$tmp/loadgen" -url http://127.0.0.1:18232/v1/ask -size 100k -c $c -d 10s)" | tee -a "$out/load.txt"
done
echo "100k passages: peak RSS of the server after the load $(grep VmHWM /proc/$(echo $pids | awk '{print $NF}')/status | tr -s ' \t' ' ')" | tee -a "$out/load.txt"

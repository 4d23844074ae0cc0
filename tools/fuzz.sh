#!/usr/bin/env bash
# tools/fuzz.sh [SECONDS] — fuzzes the trace readers and the state model with libFuzzer.
#
# Configures build-fuzz/ with clang and -DCOOLIO_FUZZ=ON (the normal gcc build in
# build/ is not touched), builds only the fuzz target (and the libraries it needs),
# seeds it with the golden traces and the hostile corpus (tests/golden, tests/hostile),
# and runs it for SECONDS (default 60). Any crash, sanitizer report, leak, input slower
# than 10 s or above 2 GB of memory stops it with a non-zero exit code; the input that
# did it is kept in build-fuzz/fuzz-crashes/ (reproduce: build-fuzz/bin/fuzz_trace FILE).
# Inputs it finds that reach new code are kept in build-fuzz/fuzz-corpus/ between runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build=${COOLIO_FUZZ_BUILD:-$root/build-fuzz}

launcher=()
if command -v ccache > /dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DCMAKE_CXX_COMPILER=clang++ \
  -DCOOLIO_FUZZ=ON -DBUILD_TESTING=OFF "${launcher[@]}" > "$build/configure.log" 2>&1 ||
  { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j2 --target fuzz_trace

seeds="$build/fuzz-seeds"
rm -rf "$seeds" && mkdir -p "$seeds" "$build/fuzz-corpus" "$build/fuzz-crashes"
cp "$root"/tests/golden/*.jsonl "$seeds"/
find "$root/tests/hostile" -type f ! -name README.md -exec cp {} "$seeds"/ \;

echo "fuzz_trace: $seconds s, seeds: $(ls "$seeds" | wc -l) files"
"$build/bin/fuzz_trace" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/" "$build/fuzz-corpus" "$seeds"

#!/usr/bin/env bash
# sanitize.sh — the test suite again, built with AddressSanitizer (+ LeakSanitizer)
# and UndefinedBehaviorSanitizer, into build-asan/. Any report fails its test.
#
#   bash tools/sanitize.sh      (after tools/setup.sh --tests has installed everything)
#
# Left out: the browser tests (they test the page, not the C++), and the tests that
# build or time other programs (the installed-package example and the benchmark
# comparison, which would need the sanitizer runtime in programs that do not link it).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOOLIO_SANITIZE=ON -DCOOLIO_SKIP_BROWSER_TESTS=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -E "installed package|compare|benchmark"

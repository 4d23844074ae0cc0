#!/usr/bin/env bash
# sanitize.sh — the test suite again, built with AddressSanitizer (+ LeakSanitizer)
# and UndefinedBehaviorSanitizer, into build-asan/. Any report fails its test.
#
#   bash tools/sanitize.sh      (after tools/setup.sh --tests has installed everything;
#                                tools/test.sh runs it)
#
# Built at -O0 with line tables only (-g1): the reports still name file and line, and
# instrumented template-heavy code compiles far faster unoptimised (the tests then run
# slower, but they are the smaller part of the time).
# Left out: the browser tests (they test the page, not the C++), and the tests that
# build or time other programs (the installed-package example and the benchmark
# comparison, which would need the sanitizer runtime in programs that do not link it).
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O0 -g1 -DNDEBUG" \
  -DCOOLIO_SANITIZE=ON -DCOOLIO_SKIP_BROWSER_TESTS=ON "${launcher[@]}" >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -E "installed package|compare|benchmark"

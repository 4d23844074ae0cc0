#!/usr/bin/env bash
# test.sh — every test coolio has, from a fresh Debian 12 machine (what CI runs).
#
#   bash tools/test.sh            set up, build, then:
#     1. the test suite (ctest in build/: C++, CLI, terminal, browser, package, bench smoke)
#     2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer
#        (+ LeakSanitizer) in build-asan/ (tools/sanitize.sh)
#     3. the trace reader fuzzed with libFuzzer for 60 s in build-fuzz/ (tools/fuzz.sh)
#
# Each stage stops the script on its first failure, so a red stage is the last one
# printed. COOLIO_FUZZ_SECONDS changes the fuzzing time.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { printf '\n==== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

stage "set-up and build"
bash tools/setup.sh --tests

stage "the test suite"
# Two at a time: the machine this is written for has two cores, and the tests that
# measure (the million-event viewer test) are marked to run alone.
ctest --test-dir build --output-on-failure -j2

stage "the test suite under AddressSanitizer + UndefinedBehaviorSanitizer"
bash tools/sanitize.sh

stage "fuzzing the trace reader"
bash tools/fuzz.sh "${COOLIO_FUZZ_SECONDS:-60}"

stage "all tests passed"

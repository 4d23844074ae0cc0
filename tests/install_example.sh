#!/bin/sh
# An outside project builds against a fresh install of coolio and traces itself:
# install into a temporary prefix, configure and build examples/my_first_trace against
# it, run it, and open its trace with the installed coolio-trace.
#   install_example.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
test -f "$work/prefix/lib/cmake/coolio/coolio-config.cmake"
test -f "$work/prefix/include/coolio/coolio.hpp"
test -f "$work/prefix/include/coolio/tracer/tracer.hpp"

cmake -S "$source/examples/my_first_trace" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$work/configure.log"
cmake --build "$work/example" > "$work/build.log"

cd "$work"
./example/my_first_trace "$work/mine.trace.jsonl"
"$work/prefix/bin/coolio-trace" show "$work/mine.trace.jsonl" --kind print > "$work/prints.txt"
cat "$work/prints.txt"
grep -q 'results: \[2, 3\]' "$work/prints.txt"
"$work/prefix/bin/coolio-trace" view "$work/mine.trace.jsonl" -o "$work/mine.html"
test -s "$work/mine.html"
# The installed exercises are found by the installed coolio-trace.
COOLIO_EXERCISES_DIR= "$work/prefix/bin/coolio-trace" exercise list --dir "$work/prefix/share/coolio/exercises" | grep -q '^01-sleep-wait-first-steps'

#!/usr/bin/env bash
# setup.sh — install what coolio needs (Debian 12) and build it into build/.
#
#   bash tools/setup.sh           the build: compiler libraries, then cmake + make
#   bash tools/setup.sh --tests   also what the tests use: python3 (the CPython
#                                 reference), python3-uvloop (bench/peers.py),
#                                 tmux (the terminal test), chromium and
#                                 node packages (the browser tests)
#
# Every step is skipped when already done, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=no
for arg in "$@"; do
  case "$arg" in
    --tests) with_tests=yes ;;
    *) echo "setup.sh: unknown option '$arg' (expected --tests)" >&2; exit 2 ;;
  esac
done

# Run as root, or through sudo when there is one.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages among "$@" that are not installed yet.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install g++ cmake make pkg-config libcli11-dev nlohmann-json3-dev doctest-dev libfmt-dev libmimalloc-dev
if [ "$with_tests" = yes ]; then
  apt_install python3 python3-uvloop tmux
  # The browser tests' own installer (chromium from Debian, playwright-core from npm).
  # It uses sudo itself for apt-get only, so that node_modules/ belongs to the user.
  bash tools/install-browser-deps.sh
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"

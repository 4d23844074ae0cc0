#!/usr/bin/env bash
# install-browser-deps.sh — what the browser tests (tests/browser/) need:
#   * Debian's chromium, the browser the tests drive (never a downloaded build);
#   * node_modules/ from package-lock.json (playwright-core, which drives it).
# Each step is skipped when already done, so calling this on every setup is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "install-browser-deps: installing chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-browser-deps: installing nodejs and npm (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

# npm ci writes node_modules/.package-lock.json; when it is older than the
# committed lock file (or missing), the installed packages may be stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-browser-deps: npm ci"
  # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing, but say so anyway.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
echo "install-browser-deps: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version")"

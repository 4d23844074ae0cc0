#!/usr/bin/env bash
# install-browser-deps.sh — what the browser tests (tests/browser/) need:
#   * Debian's chromium, the browser the tests drive (never a downloaded build);
#   * node and npm, from Debian;
#   * node_modules/ from package-lock.json (playwright-core, which drives chromium),
#     installed with `npm ci` in the repository's root, where Node finds it from
#     tests/browser/ (require() looks in the parent folders' node_modules).
# Each step is skipped when already done, so calling it on every test run is cheap
# (ctest runs it first, as a fixture).
set -euo pipefail
cd "$(dirname "$0")/.."

# Run as root, or through sudo when there is one.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "install-browser-deps: installing $* (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

[ -x /usr/bin/chromium ] || apt_install chromium
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm

# node_modules is what package-lock.json says when the lock file's hash, written
# after the last successful `npm ci`, is still the same (a checkout of another
# branch, or an edit, changes it; timestamps would not tell reliably).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.coolio-package-lock.sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ] || [ ! -f node_modules/playwright-core/package.json ]; then
  echo "install-browser-deps: npm ci"
  # playwright-core downloads no browser; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD says so anyway.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi
echo "install-browser-deps: $(/usr/bin/chromium --version 2>/dev/null | head -1), node $(node --version)," \
  "playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version")"

// helpers.js — what the browser tests share: the browser, the paths, traces to open.
//
// The browser is Debian's chromium (tools/install-browser-deps.sh installs it), driven
// by playwright-core; no browser is ever downloaded. ctest sets COOLIO_TRACE_BIN (the
// coolio-trace to test) and COOLIO_BROWSER_OUT (where screenshots and figures go).
'use strict';

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const VIEWER = path.join(REPO, 'web-viewer');
const INDEX_URL = 'file://' + path.join(VIEWER, 'index.html');

function findBinary() {
  if (process.env.COOLIO_TRACE_BIN) return process.env.COOLIO_TRACE_BIN;
  for (const dir of ['build', 'build-view'])
    if (fs.existsSync(path.join(REPO, dir, 'bin', 'coolio-trace'))) return path.join(REPO, dir, 'bin', 'coolio-trace');
  throw new Error('set COOLIO_TRACE_BIN to the coolio-trace binary (ctest does)');
}
const BIN = findBinary();
const OUT = process.env.COOLIO_BROWSER_OUT || path.join(REPO, 'build', 'browser-out');
fs.mkdirSync(OUT, { recursive: true });

let playwright;
try {
  playwright = require('playwright-core');
} catch {
  throw new Error('playwright-core is missing: run tools/install-browser-deps.sh (it runs npm ci)');
}

/** Starts Debian's chromium, headless. */
function launch() {
  return playwright.chromium.launch({
    executablePath: process.env.COOLIO_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A new page that fails the test on any script error in it. */
async function newPage(browser, options = {}) {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 }, ...options });
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') page.errors.push(message.text()); });
  return page;
}

/** Runs coolio-trace; returns {status, stdout, stderr}. */
function coolio(...args) {
  const result = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory. */
function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `coolio-${name}-`));
}

/** Runs every built-in scenario into `dir`; returns {name: path}. */
function scenarioTraces(dir) {
  const names = execFileSync(BIN, ['list'], { encoding: 'utf8' }).trim().split('\n').map((line) => line.split(/\s+/)[0]);
  const traces = {};
  for (const name of names) {
    const file = path.join(dir, `${name}.trace.jsonl`);
    const run = coolio('run', name, '-q', '-o', file);
    assert.ok(fs.existsSync(file), `coolio-trace run ${name} wrote no trace: ${run.stderr}`);
    traces[name] = file;
  }
  return traces;
}

/** The golden traces the C++ tests keep (tests/golden/*.trace.jsonl). */
function goldenTraces() {
  const dir = path.join(REPO, 'tests', 'golden');
  if (!fs.existsSync(dir)) return {};
  const traces = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.trace.jsonl')).sort())
    traces['golden/' + file] = path.join(dir, file);
  return traces;
}

/** Opens index.html from disk and loads `file` through the file picker. */
async function openWithPicker(page, file, hash = '') {
  await page.goto(INDEX_URL + hash);
  await page.setInputFiles('#file-input', file);
  await waitForTrace(page);
}

/** Waits until the viewer shows a trace. */
async function waitForTrace(page, name) {
  await page.waitForFunction((expected) => {
    const app = window.coolioViewer;
    return app && app.trace && (!expected || app.trace.name === expected);
  }, name, { timeout: 60000 });
}

/** Waits until the page's address ends with `hash` (it follows the cursor once stepping pauses). */
function waitForHash(page, hash) {
  return page.waitForFunction((expected) => location.hash === expected, hash, { timeout: 10000 });
}

/** The cursor's position. */
function cursor(page) { return page.evaluate(() => window.coolioViewer.cursor); }

/** Serves `root` on 127.0.0.1 (a free port); returns {url, close()}. */
function serve(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.jsonl': 'application/x-ndjson' };
  const server = http.createServer((request, response) => {
    const file = path.join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404);
      response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      close: () => new Promise((done) => server.close(done)),
    }));
  });
}

/** Saves a screenshot under the output folder; returns its path. */
async function screenshot(page, name) {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  return file;
}

// Hostile traces (view.test.js, hostile.test.js): strings that would set window.__pwned
// if they ever ran. The viewer shows them as text; and should a bug ever put one into
// the page as HTML, the Content-Security-Policy still refuses to run it. A guarded page
// records the CSP's reports (securitypolicyviolation).
const PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '</script><script>window.__pwned=2</script><!--',
  svg: '<svg onload="window.__pwned=3">()',
  attr: '"><b onmouseover="window.__pwned=4">',
  iframe: '<iframe src="javascript:window.parent.__pwned=5"></iframe>',
};

/** A page that records CSP reports in window.__csp and counts dialogs. */
async function guardedPage(browser) {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition }));
  });
  page.dialogs = 0;
  page.on('dialog', async (dialog) => { page.dialogs++; await dialog.dismiss(); });
  return page;
}

/** Asserts that no payload ran, no element came from a trace, and the CSP reported nothing. */
async function assertNothingRan(page, what) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${what}: a payload ran`);
  assert.equal(page.dialogs, 0, `${what}: a dialog opened`);
  assert.equal(await page.locator('body img, body svg, body iframe, body b, #panel script, #message *, #event-list script').count(), 0,
    `${what}: an element came from the trace`);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], `${what}: the page itself broke its CSP`);
  assert.deepEqual(page.errors, [], `${what}: errors`);
}

/** Proves the CSP is in force: markup injected as if by a bug runs nothing, and is reported. */
async function assertCspBlocks(page, what) {
  await page.evaluate(() => {
    // What an innerHTML bug would do with the payloads, and a remote load.
    document.querySelector('#event-card').insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__pwned=7">');
    const script = document.createElement('script');
    script.textContent = 'window.__pwned = 8';
    document.body.appendChild(script);
    fetch('https://example.com/steal').catch(() => {});
  });
  await page.waitForFunction(() => window.__csp.length >= 3);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${what}: an injected payload ran`);
  const reports = await page.evaluate(() => window.__csp);
  const directives = new Set(reports.map((r) => r.directive));
  for (const directive of ['script-src-elem', 'img-src', 'connect-src'])
    assert.ok(directives.has(directive), `${what}: the CSP reports ${directive} (got ${JSON.stringify(reports)})`);
  assert.ok(reports.every((r) => r.disposition === 'enforce'), `${what}: blocked, not only reported`);
  page.errors = page.errors.filter((e) => !/Content Security Policy|ERR_BLOCKED|Failed to fetch/i.test(e));
}

module.exports = {
  REPO, VIEWER, INDEX_URL, BIN, OUT, launch, newPage, coolio, tempDir, scenarioTraces, goldenTraces,
  openWithPicker, waitForTrace, waitForHash, cursor, serve, screenshot,
  PAYLOADS, guardedPage, assertNothingRan, assertCspBlocks,
};

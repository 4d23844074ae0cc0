// The hostile corpus (tests/hostile/) in the viewer: every file, opened through the
// file picker, gets the message coolio-trace view gives (or opens, where view opens
// it), shown as text, and nothing in it ever runs. The valid trace full of markup
// (hostile_strings_valid.jsonl) is also written by `coolio-trace view` and that page
// stepped through. A guarded page (helpers.js) records CSP violations, dialogs and
// console errors; window.__pwned is what every payload would set.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

const FOLDER = path.join(h.REPO, 'tests', 'hostile');
let browser, dir;

before(async () => {
  dir = h.tempDir('hostile');
  browser = await h.launch();
});
after(async () => { await browser.close(); });

/** The corpus's files (the README is its table, not a trace). */
function corpus() {
  return fs.readdirSync(FOLDER).filter((f) => f !== 'README.md').sort();
}

/** What coolio-trace view says of `file`: {status, message (its one line, for the page's file name)}. */
function viewAnswer(file) {
  const run = h.coolio('view', file, '-o', path.join(dir, 'out.html'));
  // The page names the file as the picker gives it (its base name), and itself as "this viewer".
  const message = run.stderr.split('\n')[0].replace(/^coolio-trace: /, '').replace(file, path.basename(file))
    .replace('this coolio-trace', 'this viewer');
  return { status: run.status, message, stderr: run.stderr };
}

test('every file of tests/hostile/: the message coolio-trace view gives, as text, and nothing runs', async () => {
  const files = corpus();
  assert.ok(files.length >= 30, `${files.length} files`);
  const page = await h.guardedPage(browser);
  await page.goto(h.INDEX_URL);
  let refused = 0;
  for (const name of files) {
    const cpp = viewAnswer(path.join(FOLDER, name));
    await page.evaluate(() => { document.querySelector('#message').textContent = ''; });
    await page.setInputFiles('#file-input', path.join(FOLDER, name));
    // Done: an error naming the file (not the "Reading FILE…" progress line), or the
    // trace open and its events checked.
    await page.waitForFunction((n) => {
      const message = document.querySelector('#message');
      if (message.className === 'error' && message.textContent.includes(n)) return true;
      return window.coolioViewer.trace && window.coolioViewer.trace.name === n && window.coolioViewer.checked !== false;
    }, name);
    const shown = await page.evaluate(() => ({
      text: document.querySelector('#message').textContent,
      kind: document.querySelector('#message').className,
      opened: window.coolioViewer.trace ? window.coolioViewer.trace.name : null,
    }));
    if (cpp.status === 0) {
      assert.equal(shown.opened, name, `${name}: view opens it, so must the page`);
      assert.notEqual(shown.kind, 'error', `${name}: ${shown.text}`);
    } else {
      assert.equal(cpp.status, 2, `${name}: ${cpp.stderr}`);
      assert.equal(shown.kind, 'error', `${name}: an error message`);
      // The page may say a little more about bad JSON ("not valid JSON (a string is not closed)").
      assert.ok(shown.text === cpp.message || shown.text.startsWith(cpp.message.replace(/\)$/, '')),
        `${name}:\n  view: ${cpp.message}\n  page: ${shown.text}`);
      assert.ok(/^[^\n]+:\d+: /.test(shown.text) || /^[^\n:]+: /.test(shown.text), `${name}: names the file (and line)`);
      refused++;
    }
    await h.assertNothingRan(page, `tests/hostile/${name}`);
  }
  assert.ok(refused >= 30, `${refused} files refused`);
  await h.assertCspBlocks(page, 'after the hostile corpus');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the valid trace full of markup: as text in the page and in the view output, nothing runs', async () => {
  const file = path.join(FOLDER, 'hostile_strings_valid.jsonl');
  const html = path.join(dir, 'hostile_strings.html');
  const run = h.coolio('view', file, '-o', html);
  assert.equal(run.status, 0, run.stderr);
  const written = fs.readFileSync(html, 'utf8');
  assert.ok(!written.includes('<script>window.__pwned'), 'no payload is written as markup');
  assert.ok(!written.includes('<img src=x'), 'no payload is written as markup');

  for (const [how, open] of [
    ['the view output', async (p) => { await p.goto('file://' + html); await h.waitForTrace(p); }],
    ['the file picker', async (p) => h.openWithPicker(p, file)],
  ]) {
    const page = await h.guardedPage(browser);
    await open(page);
    await page.waitForFunction(() => window.coolioViewer.checked === true);
    // Every event under the cursor (event card, state panel, list), then a hover over
    // every lane and a search for the markup.
    const count = await page.evaluate(() => window.coolioViewer.trace.count);
    for (let seq = 0; seq < count; seq += 5) {
      await page.evaluate((s) => window.coolioViewer.setCursor(s, true), seq);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    await page.click('#fit');
    const box = await page.locator('#timeline').boundingBox();
    for (let y = box.y + 40; y < box.y + box.height; y += 12) await page.mouse.move(box.x + box.width / 2, y);
    await page.fill('#filter-text', 'script');
    await page.waitForFunction(() => window.coolioViewer.filter.matches && window.coolioViewer.filter.matches.length > 0);
    await h.assertNothingRan(page, how);
    // The markup is there, as text.
    const print = await page.evaluate(() => { const v = window.coolioViewer; return [...Array(v.trace.count).keys()].find((i) => v.trace.kindName(i) === 'print'); });
    await page.evaluate((s) => window.coolioViewer.setCursor(s, true), print);
    assert.match(await page.textContent('#event-card .headline'), /<img src=x onerror="window.__pwned=2"> javascript:window.__pwned=3/);
    await page.evaluate(() => window.coolioViewer.setCursor(window.coolioViewer.trace.count - 1, true));
    assert.match(await page.textContent('#state'), /<script>window.__pwned=1<\/script>/);
    await h.assertCspBlocks(page, how);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

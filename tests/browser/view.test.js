// `coolio-trace view`: one self-contained page; the viewer over HTTP; broken files and
// hostile strings.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

let browser, dir, traces;

before(async () => {
  dir = h.tempDir('view');
  traces = h.scenarioTraces(dir);
  browser = await h.launch();
});
after(async () => { await browser.close(); });

/** A page that records every request it makes. */
async function recordingPage() {
  const page = await h.newPage(browser);
  page.requests = [];
  page.on('request', (request) => page.requests.push(request.url()));
  return page;
}

test('coolio-trace view writes one self-contained page that opens at the linked event', async () => {
  const run = h.coolio('view', traces.sleep_wait);
  assert.equal(run.status, 0, run.stderr);
  const html = path.join(dir, 'sleep_wait.html');  // the default name: .trace.jsonl → .html
  assert.match(run.stdout, /Wrote .*sleep_wait\.html \(\d+ events\)/);
  const text = fs.readFileSync(html, 'utf8');
  assert.ok(!/<script[^>]+src=|<link[^>]+href="(?!data:)/i.test(text), 'no reference to another file');
  // Alone in an empty folder, as an e-mail attachment would be.
  const alone = h.tempDir('alone');
  fs.copyFileSync(html, path.join(alone, 'page.html'));
  const page = await recordingPage();
  await page.goto('file://' + path.join(alone, 'page.html') + '#seq=57');
  await h.waitForTrace(page, 'sleep_wait.trace.jsonl');
  assert.equal(await h.cursor(page), 57);
  assert.match(await page.textContent('#event-card .headline'), /Task-2 prints: long time work End/);
  assert.deepEqual(page.requests.filter((url) => !url.startsWith('file://' + alone)), [], 'it loads nothing else');
  assert.equal(await page.title(), 'sleep_wait.trace.jsonl · coolio trace viewer');
  await page.keyboard.press('ArrowRight');
  assert.equal(await h.cursor(page), 58);
  await h.screenshot(page, 'view-page.png');
  assert.deepEqual(page.errors, []);
  await page.close();

  // -o names the page.
  const named = path.join(dir, 'named.html');
  assert.equal(h.coolio('view', traces.call_soon_tasks, '-o', named).status, 0);
  assert.ok(fs.existsSync(named));
});

test('the viewer works served over HTTP, from its folder and as one page', async () => {
  const server = await h.serve(h.REPO);
  const pageServer = await h.serve(dir);
  try {
    const page = await recordingPage();
    await page.goto(`${server.url}/web-viewer/index.html#seq=12`);
    await page.setInputFiles('#file-input', traces.sleep_wait);
    await h.waitForTrace(page);
    assert.equal(await h.cursor(page), 12);
    await page.keyboard.press('ArrowRight');
    assert.equal(new URL(page.url()).hash, '#seq=13');
    assert.ok(page.requests.every((url) => url.startsWith(server.url)), 'nothing from anywhere else');
    await page.goto(`${pageServer.url}/sleep_wait.html#seq=49`);
    await h.waitForTrace(page);
    assert.equal(await h.cursor(page), 49);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await server.close();
    await pageServer.close();
  }
});

test('hostile strings in a trace are shown as text and run nothing', async () => {
  const lines = fs.readFileSync(traces.sleep_wait, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const evil = {
    name: '<img src=x onerror="window.__pwned=1">',
    text: '</script><script>window.__pwned=2</script><!--',
    callback: '<svg onload="window.__pwned=3">()',
  };
  for (const e of lines) {
    if (e.name === 'Task-2') e.name = evil.name;
    if (e.kind === 'print') e.text = evil.text;
    if (e.callback === 'Task-3.__step()') e.callback = evil.callback;
    if (e.coro) e.coro = '"><b onmouseover=alert(1)>';
  }
  const file = path.join(dir, 'evil.trace.jsonl');
  fs.writeFileSync(file, lines.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const run = h.coolio('view', file);
  assert.equal(run.status, 0, run.stderr);
  const html = fs.readFileSync(path.join(dir, 'evil.html'), 'utf8');
  assert.ok(!html.includes('</script><script>window.__pwned'), 'the embedded trace cannot close its <script>');

  for (const open of [
    async (page) => { await page.goto('file://' + path.join(dir, 'evil.html')); await h.waitForTrace(page); },
    async (page) => h.openWithPicker(page, file),
  ]) {
    const page = await h.newPage(browser);
    let dialogs = 0;
    page.on('dialog', async (dialog) => { dialogs++; await dialog.dismiss(); });
    await open(page);
    // Show every event, hover every lane, filter by the hostile text: nothing may run.
    const count = await page.evaluate(() => window.coolioViewer.trace.count);
    for (let seq = 0; seq < count; seq++) await page.evaluate((s) => window.coolioViewer.setCursor(s, true), seq);
    const box = await page.locator('#timeline').boundingBox();
    for (let y = box.y + 40; y < box.y + box.height; y += 12) await page.mouse.move(box.x + box.width / 2, y);
    await page.fill('#filter-text', 'script');
    await page.waitForFunction(() => window.coolioViewer.filter.matches && window.coolioViewer.filter.matches.length > 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(dialogs, 0);
    assert.equal(await page.locator('#panel img, #panel svg, #event-list img, #event-list svg, #tooltip img, b').count(), 0);
    // The text is there, as text.
    await page.evaluate(() => window.coolioViewer.setCursor(24, true));
    assert.equal(await page.textContent('#event-card .headline'), `${evil.name} prints: ${evil.text}`);
    assert.match(await page.textContent('#event-list'), /<img src=x onerror=/);
    await h.screenshot(page, 'view-hostile.png');
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('a malformed file: a clear message naming the line, and the viewer stays usable', async () => {
  const good = fs.readFileSync(traces.sleep_wait, 'utf8').split('\n');
  const bad = path.join(dir, 'broken.trace.jsonl');
  fs.writeFileSync(bad, [good[0], good[1], '{"seq":2,"tick":0,"t":0.0,"kind":"call_soon","handle":1', good[3]].join('\n') + '\n');

  const page = await h.newPage(browser);
  await page.goto(h.INDEX_URL);
  await page.setInputFiles('#file-input', bad);
  await page.waitForSelector('#message.error');
  assert.match(await page.textContent('#message'), /^broken\.trace\.jsonl:3: not valid JSON/);
  assert.ok(await page.isVisible('#drop-zone'), 'still ready for another file');
  await h.screenshot(page, 'view-malformed.png');

  // With a trace open, a broken one leaves it open and working.
  await page.setInputFiles('#file-input', traces.sleep_wait);
  await h.waitForTrace(page, 'sleep_wait.trace.jsonl');
  assert.ok(await page.isHidden('#message'));
  await page.setInputFiles('#file-input', bad);
  await page.waitForSelector('#message.error');
  assert.equal(await page.textContent('#trace-name'), 'sleep_wait.trace.jsonl');
  await page.keyboard.press('ArrowRight');
  assert.equal(await h.cursor(page), 1);

  // Not a trace at all, and a file that is not text.
  const binary = path.join(dir, 'picture.png');
  fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  await page.setInputFiles('#file-input', binary);
  await page.waitForFunction(() => /picture\.png:1: not a coolio trace/.test(document.querySelector('#message').textContent));

  // A run that was stopped: shown, with a warning.
  const stopped = path.join(dir, 'stopped.trace.jsonl');
  fs.writeFileSync(stopped, good.slice(0, 40).join('\n') + '\n');
  await page.setInputFiles('#file-input', stopped);
  await h.waitForTrace(page, 'stopped.trace.jsonl');
  await page.waitForSelector('#message.warning');
  assert.match(await page.textContent('#message'), /no trace\.end event/);
  assert.deepEqual(page.errors, []);
  await page.close();

  // coolio-trace view refuses it the same way, with exit code 2.
  const run = h.coolio('view', bad);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `coolio-trace: ${bad}:3: not valid JSON\n`);
  assert.equal(h.coolio('view', path.join(dir, 'missing.trace.jsonl')).status, 2);
});

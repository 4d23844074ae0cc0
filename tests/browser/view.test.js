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
    await h.waitForHash(page, '#seq=13');
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

// Hostile traces: every string a trace holds (task and coroutine names, printed text,
// callbacks, future labels, exceptions, the scenario, the file's own name) carries a
// payload that would set window.__pwned if it ever ran (helpers.js: PAYLOADS,
// guardedPage, assertNothingRan, assertCspBlocks; hostile.test.js opens tests/hostile/).
const PAYLOADS = h.PAYLOADS;
const guardedPage = () => h.guardedPage(browser);
const { assertNothingRan, assertCspBlocks } = h;

test('the page and the view output set a Content-Security-Policy: their own scripts only, no remote loads', async () => {
  const csp = (html) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)[1];
  const source = csp(fs.readFileSync(path.join(h.VIEWER, 'index.html'), 'utf8'));
  assert.match(source, /default-src 'none'/);
  assert.match(source, /script-src 'self';/);
  assert.ok(!/unsafe|https?:|\*/.test(source), source);
  // The view page: 'self' became the hashes of exactly the scripts it inlines.
  const html = fs.readFileSync(path.join(dir, 'sleep_wait.html'), 'utf8');
  const policy = csp(html);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const hash = (text) => `'sha256-${require('node:crypto').createHash('sha256').update(text).digest('base64')}'`;
  assert.equal(scripts.length, (fs.readFileSync(path.join(h.VIEWER, 'index.html'), 'utf8').match(/<script src=/g) || []).length);
  assert.equal(/script-src ([^;]*)/.exec(policy)[1], scripts.map(hash).join(' '));
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  assert.equal(/style-src ([^;]*)/.exec(policy)[1], styles.map(hash).join(' '));
  assert.match(policy, /default-src 'none'/);
  assert.ok(!/unsafe|'self'|https?:|\*/.test(policy), policy);

  for (const url of ['file://' + path.join(dir, 'sleep_wait.html'), h.INDEX_URL]) {
    const page = await guardedPage();
    await page.goto(url);
    if (url === h.INDEX_URL) await page.setInputFiles('#file-input', traces.sleep_wait);
    await h.waitForTrace(page);
    await page.keyboard.press('ArrowRight');
    await assertNothingRan(page, url);
    await assertCspBlocks(page, url);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('hostile strings in a trace are shown as text and run nothing', async () => {
  const lines = fs.readFileSync(traces.gather_error, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const taskName = PAYLOADS.img;
  for (const e of lines) {
    if (e.kind === 'trace.begin') e.scenario = PAYLOADS.attr;
    if (e.name === 'Task-2') e.name = taskName;
    if (e.kind === 'print') e.text = PAYLOADS.script;
    if (typeof e.callback === 'string') e.callback = PAYLOADS.svg + e.callback;
    if (e.coro) e.coro = PAYLOADS.attr;
    if (e.label) e.label = PAYLOADS.iframe;
    if (e.exception) e.exception = PAYLOADS.script;
    if (Array.isArray(e.chain)) e.chain = e.chain.map((frame) => PAYLOADS.img + frame);
  }
  // Its file name is hostile too (the page shows it, view writes it into an attribute).
  const file = path.join(dir, 'evil<img src=x onerror=window.__pwned=6>.trace.jsonl');
  fs.writeFileSync(file, lines.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const page = path.join(dir, 'evil.html');
  const run = h.coolio('view', file, '-o', page);
  assert.equal(run.status, 0, run.stderr);
  const html = fs.readFileSync(page, 'utf8');
  assert.ok(!html.includes('</script><script>window.__pwned'), 'the embedded trace cannot close its <script>');
  assert.ok(!html.includes('<img src=x'), 'no payload is written as markup');

  for (const [how, open] of [
    ['the view page', async (p) => { await p.goto('file://' + page); await h.waitForTrace(p); }],
    ['the file picker', async (p) => h.openWithPicker(p, file)],
  ]) {
    const p = await guardedPage();
    await open(p);
    assert.equal(await p.textContent('#trace-name'), path.basename(file));
    // Show every event, hover every lane, filter by the hostile text: nothing may run.
    const count = await p.evaluate(() => window.coolioViewer.trace.count);
    await p.evaluate((n) => { for (let seq = 0; seq < n; seq++) window.coolioViewer.setCursor(seq, true); }, count);
    for (const seq of [0, 30, 70, count - 1]) {  // and the panel as it stands at a few of them
      await p.evaluate((s) => window.coolioViewer.setCursor(s, true), seq);
      await p.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    await p.click('#fit');
    const box = await p.locator('#timeline').boundingBox();
    for (let y = box.y + 40; y < box.y + box.height; y += 12) await p.mouse.move(box.x + box.width / 2, y);
    await p.fill('#filter-text', 'script');
    await p.waitForFunction(() => window.coolioViewer.filter.matches && window.coolioViewer.filter.matches.length > 0);
    await p.selectOption('#filter-task', { index: 2 });
    await assertNothingRan(p, how);
    // The text is there, as text.
    const print = await p.evaluate(() => { const v = window.coolioViewer; return [...Array(v.trace.count).keys()].find((i) => v.trace.kindName(i) === 'print' && v.trace.event(i).name); });
    await p.evaluate((s) => window.coolioViewer.setCursor(s, true), print);
    assert.match(await p.textContent('#event-card .headline'), /prints: <\/script><script>window\.__pwned=2<\/script><!--$/);
    assert.match(await p.textContent('#state'), /<img src=x onerror="window.__pwned=1">/);
    assert.match(await p.textContent('#event-list'), /<\/script><script>/);
    assert.match(await p.textContent('#trace-info'), /^"><b onmouseover=/);
    await h.screenshot(p, 'view-hostile.png');
    await assertCspBlocks(p, how);
    assert.deepEqual(p.errors, []);
    await p.close();
  }
});

test('hostile malformed files: a clear message, shown as text, and nothing runs', async () => {
  const good = fs.readFileSync(traces.sleep_wait, 'utf8').split('\n');
  const cases = {
    'html.trace.jsonl': [`<html><body><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`, /html\.trace\.jsonl:1: not a coolio trace/],
    'kind.trace.jsonl': [[good[0], good[1].replace('"task.new"', JSON.stringify(PAYLOADS.img))].join('\n') + '\n',
      /kind\.trace\.jsonl:2: unknown event kind '<img src=x onerror="window\.__pwned=1">'/],
    'field.trace.jsonl': [[good[0], good[1].replace('"task":1', `"task":${JSON.stringify(PAYLOADS.script)}`)].join('\n') + '\n',
      /field\.trace\.jsonl:2: task\.new field 'task' must be a whole number/],
    'junk.trace.jsonl': [Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), /junk\.trace\.jsonl:1: not a coolio trace/],
    '<svg onload=window.__pwned=3>.jsonl': ['{"seq":0}\n', /<svg onload=window\.__pwned=3>\.jsonl:1: not a coolio trace/],
  };
  const page = await guardedPage();
  await page.goto(h.INDEX_URL);
  for (const [name, [content, message]] of Object.entries(cases)) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    await page.setInputFiles('#file-input', file);
    await page.waitForFunction((n) => document.querySelector('#message.error') && document.querySelector('#message').textContent.includes(n), name);
    assert.match(await page.textContent('#message'), message);
    assert.ok(await page.isVisible('#drop-zone'), `${name}: still ready for another file`);
    await assertNothingRan(page, name);
    // coolio-trace view refuses it too, naming the file and line, with exit code 2.
    const run = h.coolio('view', file, '-o', path.join(dir, 'refused.html'));
    assert.equal(run.status, 2, `${name}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  await assertCspBlocks(page, 'after the malformed files');
  assert.deepEqual(page.errors, []);
  await page.close();
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

  // Events that contradict each other (a handle run out of turn): the trace opens, the
  // check that follows names the event, and the state panel stops before it.
  const outOfTurn = path.join(h.REPO, 'tests', 'hostile', 'run_not_front.jsonl');
  await page.setInputFiles('#file-input', outOfTurn);
  await h.waitForTrace(page, 'run_not_front.jsonl');
  await page.waitForFunction(() => window.coolioViewer.checked instanceof Error);
  assert.equal(await page.textContent('#message'), 'run_not_front.jsonl:23: handle.run of handle 3 (Task-3.__step()), ' +
    'but the front of the ready queue is handle 2 (Task-2.__step())');
  await page.evaluate(() => window.coolioViewer.setCursor(25, true));
  assert.equal(await page.textContent('#state .state-title'), 'The loop after event 21');
  assert.match(await page.textContent('#state .state-stale'), /^event 22 contradicts the loop's state/);
  await page.keyboard.press('Home');
  assert.equal(await page.textContent('#state .state-title'), 'The loop after event 0');
  // The page's language switch changes the state panel's labels too (explanations.js).
  await page.selectOption('#lang', 'zh');
  assert.equal(await page.textContent('#state .state-title'), '事件 0 之后的事件循环');
  assert.match(await page.textContent('#state'), /ready 队列（0）/);
  await page.selectOption('#lang', 'en');
  assert.equal(await page.textContent('#state .state-title'), 'The loop after event 0');
  assert.deepEqual(page.errors, []);
  await page.close();

  // coolio-trace view refuses it the same way, with exit code 2.
  const run = h.coolio('view', bad);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `coolio-trace: ${bad}:3: not valid JSON\n`);
  assert.equal(h.coolio('view', path.join(dir, 'missing.trace.jsonl')).status, 2);
});

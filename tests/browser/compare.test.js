// curio traces in the viewer, and two traces side by side on one axis (issue 7): the
// kernel's lanes and legend, the panel on a curio trace, the shared axis and controls,
// the pages `coolio-trace view A B` and `compare --view` write.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

let browser, dir;
const golden = (name) => path.join(h.REPO, 'tests', 'golden', name);
const ASYNCIO = golden('sleep_wait.trace.jsonl'), CURIO = golden('sleep_wait.curio.trace.jsonl');

before(async () => {
  dir = h.tempDir('compare');
  browser = await h.launch();
});
after(async () => { await browser.close(); });

/** What each open pane shows: runtime, lanes (title, subtitle, bars, marks), cursor, view. */
function panes(page) {
  return page.evaluate(() => window.coolioViewer.open.map((pane) => ({
    runtime: pane.layout.runtime,
    name: pane.trace.name,
    rows: pane.layout.order.map((row) => ({ title: row.title, subtitle: row.subtitle, bars: row.count, marks: row.markAt.length,
      styles: [...new Set(Array.from(row.style, (s) => Coolio.STYLE_NAMES[s]))] })),
    cursor: pane.cursor,
    view: { axis: pane.timeline.axis, x0: pane.timeline.x0, x1: pane.timeline.x1 },
    active: pane === window.coolioViewer.active,
  })));
}

test('a curio trace: a kernel lane with its cycle phases, sleeping tasks, a lane per task, the legend in curio words', async () => {
  const page = await h.newPage(browser);
  await h.openWithPicker(page, CURIO);
  const [pane] = await panes(page);
  assert.equal(pane.runtime, 'curio');
  const titles = pane.rows.map((row) => row.title).filter(Boolean);
  assert.deepEqual(titles, ['kernel', 'selector', 'timer heap', 'Task-1', 'Task-2', 'Task-3', 'Task-4']);
  const kernel = pane.rows[0];
  assert.equal(kernel.subtitle, 'cycles · phases');
  assert.deepEqual(kernel.styles.sort(), ['ioPhase', 'runPhase', 'tick', 'timePhase']);
  // A bar per phase of each cycle (the trace's 8 cycles have three each), and what
  // main did before the kernel ran.
  const phases = fs.readFileSync(CURIO, 'utf8').split('\n').filter((line) => line.includes('"kind":"kernel.phase"')).length;
  assert.equal(phases, 8 * 3);
  assert.equal(kernel.bars, 1 + phases);
  // The three sleeps of sleep_wait (1, 2, 3 s) on the timer heap, each until its time.
  const sleeps = pane.rows.filter((row) => row.styles.includes('sleep')).reduce((n, row) => n + row.bars, 0);
  assert.equal(sleeps, 3);
  // Task-2: pending, runs, parked on the timer, woken, runs again; its prints and traps are marks.
  const task2 = pane.rows.find((row) => row.title === 'Task-2');
  assert.deepEqual(task2.styles, ['pending', 'resume', 'parked', 'woken']);
  assert.equal(task2.marks, 3 /* prints */ + 1 /* trap_sleep */ + 1 /* done */);
  // Arrows from what woke a task to the kernel resuming it: the sleeps (timer) and the joins (another task).
  const arrows = await page.evaluate(() => {
    const L = window.coolioViewer.layout;
    return Array.from(L.arrowType, (type) => Coolio.ARROW_NAMES[type]);
  });
  assert.deepEqual(arrows.filter((a) => a === 'ktimer').length, 3);
  assert.deepEqual(arrows.filter((a) => a === 'kwake').length, 3);
  // The axis counts cycles; the legend shows the curio entries and none of asyncio's own.
  const legend = await page.textContent('#legend');
  for (const words of ['kernel cycle phase: io', 'kernel cycle phase: time', 'kernel cycle phase: run',
    'curio: the kernel runs the task (task.resume)', 'curio: task parked (task.park)', 'curio: woken (task.wake)',
    'curio: trap', 'curio: its sleep is over → it resumes']) assert.ok(legend.includes(words), `legend: ${words}`);
  for (const words of ['Task.__step', 'handle run', 'call_soon →']) assert.ok(!legend.includes(words), `not in a curio legend: ${words}`);
  // Each curio entry has its own colour swatch.
  const swatches = await page.evaluate(() => [...document.querySelectorAll('#legend .legend-item')]
    .filter((item) => item.textContent.includes('curio') || item.textContent.includes('kernel'))
    .map((item) => getComputedStyle(item.querySelector('.swatch')).backgroundColor + getComputedStyle(item.querySelector('.swatch')).color));
  assert.ok(swatches.length >= 9, `${swatches.length} curio legend entries`);
  // The panel and the event list say what the kernel's events mean, in one line each.
  const headlines = {
    21: 'cycle 2 begins · ready 3 · sleeping 0', 22: 'kernel phase: io (poll the selector)',
    29: 'Task-2 traps: trap_sleep(1.0)', 30: 'Task-2 parks: TIME_SLEEP on timer until 1.0 s',
    31: 'Task-3 resumed off the ready queue: send(None)', 45: 'Task-2 woken: its sleep is over → ready queue',
    9: 'Task-1 resumed after its trap: send(0.0)',
  };
  for (const [seq, words] of Object.entries(headlines)) {
    await page.evaluate((s) => window.coolioViewer.setCursor(s, true), Number(seq));
    assert.equal(await page.textContent('#event-card .headline'), words);
  }
  assert.equal(await page.textContent('#state .state-title'), 'The kernel after event 45');  // (the last one: keys in number order)
  await h.screenshot(page, 'compare-curio-lanes.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the state panel on a curio trace shows the kernel's ready queue, sleeping tasks and wait queues, as show --states", async () => {
  const page = await h.newPage(browser);
  await h.openWithPicker(page, CURIO);
  const shown = h.coolio('show', CURIO, '--states');
  assert.equal(shown.status, 0, shown.stderr);
  const states = shown.stdout.trim().split('\n').map((line) => JSON.parse(line));
  // At each event: the panel's lists are those of the C++ state (names, in order).
  const name = (id) => `Task-${id}`;  // (curio numbers its tasks Task-1, Task-2, … by id)
  for (const seq of [1, 20, 30, 40, 45, 50, 58, 76, 90]) {
    await page.evaluate((s) => window.coolioViewer.setCursor(s, true), seq);
    const panel = await page.evaluate(() => {
      const sections = [...document.querySelectorAll('#state .state-section')];
      const items = (title) => {
        const section = sections.find((s) => s.querySelector('h4').textContent.startsWith(title));
        return [...section.querySelectorAll('li:not(.empty)')].map((li) => li.textContent);
      };
      return { ready: items('Ready queue'), sleeping: items('Sleeping tasks'), queues: items('Wait queues'),
        tasks: [...document.querySelectorAll('#state table.tasks tr')].slice(1).map((tr) => [...tr.children].map((td) => td.textContent)) };
    });
    const state = states[seq];
    assert.deepEqual(panel.ready, state.ready_tasks.map(name), `ready queue after event ${seq}`);
    const sleeping = state.tasks.filter((t) => t.parked_on === 'timer').map((t) => t.name);
    assert.deepEqual(panel.sleeping.map((text) => text.replace(/^at [\d.]+ s/, '')).sort(), sleeping.sort(), `sleeping after ${seq}`);
    const queued = state.tasks.filter((t) => t.parked_on && t.parked_on !== 'timer');
    assert.equal(panel.queues.join(' '), queued.map((t) => `${t.parked_on} ← ${t.name}`).join(' '), `wait queues after ${seq}`);
    assert.deepEqual(panel.tasks.map((row) => [row[0].split(' ')[0], row[1].replace(/^done: .*/, 'done'), Number(row[2]), row[3]]),
      state.tasks.map((t) => [t.name, t.state, t.steps, t.parked_on || '']), `tasks after ${seq}`);
  }
  // echo on curio: tasks parked on descriptors are listed under the selector.
  await page.setInputFiles('#file-input', golden('echo.curio.trace.jsonl'));
  await h.waitForTrace(page, 'echo.curio.trace.jsonl');
  await page.evaluate(() => window.coolioViewer.setCursor(29, true));
  const selector = await page.evaluate(() => [...document.querySelectorAll('#state .state-section')]
    .find((s) => s.textContent.startsWith('Selector')).querySelectorAll('li:not(.empty)').length);
  const parkedOnFds = JSON.parse(h.coolio('show', golden('echo.curio.trace.jsonl'), '--states').stdout.trim().split('\n')[29])
    .tasks.filter((t) => (t.parked_on || '').startsWith('fd ')).length;
  assert.equal(parkedOnFds, 2);
  assert.equal(selector, parkedOnFds);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('two traces picked at once open side by side on one axis; zoom, pan, fit and the axis act on both', async () => {
  const page = await h.newPage(browser);
  await page.goto(h.INDEX_URL);
  await page.setInputFiles('#file-input', [ASYNCIO, CURIO]);
  await page.waitForFunction(() => window.coolioViewer && window.coolioViewer.open.length === 2);
  let [a, b] = await panes(page);
  assert.deepEqual([a.runtime, b.runtime], ['asyncio', 'curio']);
  assert.ok(a.active && !b.active);
  assert.equal(await page.isVisible('#pane-2 .pane-title'), true);
  assert.deepEqual(a.view, b.view, 'one view at the start (fit)');
  // The shared ticks axis: the tick (and the cycle) in which the clock reaches 1.0, 2.0
  // and 3.0 s start at the same x in both.
  const starts = await page.evaluate(() => window.coolioViewer.open.map((pane) => {
    const L = pane.layout, out = {};
    for (let g = 0; g < L.groups; g++) {
      const t = L.times[L.groupFirst[g + 1] - 1];
      if (!(t in out)) out[t] = L.groupStart[g];
    }
    return out;
  }));
  assert.deepEqual(Object.keys(starts[0]), ['0', '1', '2', '3']);
  for (const t of ['1', '2', '3']) assert.ok(Math.abs(starts[0][t] - starts[1][t]) < 1e-9, `time ${t} at one x`);

  // The wheel over the top timeline zooms both.
  const box = await page.locator('#timeline').boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + 80);
  const width = a.view.x1 - a.view.x0;
  await page.mouse.wheel(0, -600);
  await page.waitForFunction((w) => { const t = window.coolioViewer.open[0].timeline; return t.x1 - t.x0 < 0.7 * w; }, width);
  [a, b] = await panes(page);
  assert.deepEqual(a.view, b.view, 'the lower timeline zoomed with it');
  // Dragging the lower one pans both.
  const box2 = await page.locator('#timeline-2').boundingBox();
  await page.mouse.move(box2.x + 400, box2.y + 60);
  await page.mouse.down();
  await page.mouse.move(box2.x + 250, box2.y + 60, { steps: 4 });
  await page.mouse.up();
  const [a2, b2] = await panes(page);
  assert.ok(a2.view.x0 > a.view.x0, 'panned');
  assert.deepEqual(a2.view, b2.view);
  // The axis switch and fit act on both.
  await page.check('input[name="axis"][value="time"]');
  [a, b] = await panes(page);
  assert.equal(b.view.axis, 'time');
  assert.deepEqual(a.view, b.view);
  await page.click('#fit');
  [a, b] = await panes(page);
  assert.deepEqual(a.view, b.view);
  assert.ok(a.view.x0 < 0 && a.view.x1 > 3, 'the whole 3 s of both');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('two files dropped at once open side by side; then one file opens alone again', async () => {
  const page = await h.newPage(browser);
  await page.goto(h.INDEX_URL);
  const drop = (files) => page.evaluate((list) => {
    const data = new DataTransfer();
    for (const [content, name] of list) data.items.add(new File([content], name));
    document.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, files);
  await drop([[fs.readFileSync(ASYNCIO, 'utf8'), 'a.trace.jsonl'], [fs.readFileSync(CURIO, 'utf8'), 'b.curio.trace.jsonl']]);
  await page.waitForFunction(() => window.coolioViewer && window.coolioViewer.open.length === 2);
  assert.equal(await page.textContent('#trace-name'), 'a.trace.jsonl  |  b.curio.trace.jsonl');
  assert.equal(await page.textContent('#pane-2 .pane-runtime'), 'curio');
  // The legend holds both runtimes' entries.
  const legend = await page.textContent('#legend');
  assert.ok(legend.includes('Task.__step') && legend.includes('curio: trap'));
  await drop([[fs.readFileSync(CURIO, 'utf8'), 'c.curio.trace.jsonl']]);
  await page.waitForFunction(() => window.coolioViewer.open.length === 1 && window.coolioViewer.trace.name === 'c.curio.trace.jsonl');
  assert.equal(await page.isVisible('#pane-2'), false);
  assert.equal(await page.isVisible('#pane .pane-title'), false, 'one trace: no pane titles');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('stepping: the keys step the active trace and the other follows to the same point; the address keeps both', async () => {
  const page = await h.newPage(browser);
  await page.goto(h.INDEX_URL);
  await page.setInputFiles('#file-input', [ASYNCIO, CURIO]);
  await page.waitForFunction(() => window.coolioViewer && window.coolioViewer.open.length === 2);
  // Shift+→ three times: the start of tick 3 of asyncio, where the clock jumps to 1.0 s;
  // curio's cursor follows into its cycle 3, where its clock makes the same jump.
  for (let k = 0; k < 3; k++) await page.keyboard.press('Shift+ArrowRight');
  let [a, b] = await panes(page);
  const at = await page.evaluate(() => window.coolioViewer.open.map((pane) => pane.trace.event(pane.cursor)));
  assert.equal(at[0].kind, 'tick.begin');
  assert.equal(at[0].tick, 3);
  assert.equal(at[1].tick, 3, 'curio follows to its cycle 3');
  assert.equal(await page.textContent('#pane .pane-position'), `event ${a.cursor} / 110`);
  assert.match(await page.textContent('#pane-2 .pane-position'), new RegExp(`^event ${b.cursor} / `));
  assert.match(await page.textContent('#state-2 .state-title'), /^The kernel after event /);
  assert.match(await page.textContent('#state .state-title'), /^The loop after event /);
  // Click the lower pane's title: it becomes active, and → steps curio by one event.
  await page.click('#pane-2 .pane-title');
  const before = b.cursor;
  await page.keyboard.press('ArrowRight');
  [a, b] = await panes(page);
  assert.ok(b.active);
  assert.equal(b.cursor, before + 1);
  assert.equal(await page.textContent('#position'), `event ${b.cursor} / ${await page.evaluate(() => window.coolioViewer.trace.count - 1)}`);
  await h.waitForHash(page, `#seq=${a.cursor}&seq2=${b.cursor}`);
  // Each timeline knows where the other's cursor is (it draws it); a switches the active pane.
  assert.deepEqual(await page.evaluate(() => window.coolioViewer.open.map((pane) => pane.timeline.partner.seq)), [b.cursor, a.cursor]);
  await page.keyboard.press('a');
  [a, b] = await panes(page);
  assert.ok(a.active && !b.active);
  await page.keyboard.press('ArrowRight');
  assert.equal((await panes(page))[0].cursor, a.cursor + 1);
  // The address opens both cursors where they were.
  await page.goto(h.INDEX_URL + '#seq=47&seq2=45');
  await page.setInputFiles('#file-input', [ASYNCIO, CURIO]);
  await page.waitForFunction(() => window.coolioViewer && window.coolioViewer.open.length === 2);
  [a, b] = await panes(page);
  assert.deepEqual([a.cursor, b.cursor], [47, 45]);
  // A text search marks the matches in both.
  await page.fill('#filter-text', 'long time work End');
  await page.waitForFunction(() => window.coolioViewer.open.every((pane) => pane.matches && pane.matches.length === 3));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the pages of coolio-trace view A B and compare --view: both traces, offline, under the CSP by hashes', async () => {
  const viewPage = path.join(dir, 'two.html');
  const view = h.coolio('view', ASYNCIO, CURIO, '-o', viewPage);
  assert.equal(view.status, 0, view.stderr);
  const comparePage = path.join(dir, 'compare-sleep_wait.html');
  const compare = h.coolio('compare', 'sleep_wait', '--view', comparePage);
  assert.equal(compare.status, 0, compare.stderr);
  assert.match(compare.stdout, /Wrote .*compare-sleep_wait\.html: both traces side by side/);
  for (const file of [viewPage, comparePage]) {
    const page = await h.newPage(browser);
    page.requests = [];
    page.on('request', (request) => page.requests.push(request.url()));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
    });
    await page.goto('file://' + file + '#seq=57&seq2=48');
    await page.waitForFunction(() => window.coolioViewer && window.coolioViewer.open.length === 2);
    const [a, b] = await panes(page);
    assert.deepEqual([a.runtime, b.runtime], ['asyncio', 'curio']);
    assert.deepEqual([a.cursor, b.cursor], [57, 48]);
    assert.match(await page.textContent('#event-card .headline'), /Task-2 prints: long time work End/);
    assert.match(await page.textContent('#event-card-2 .headline'), /Task-2 prints: long time work End/);
    assert.deepEqual(page.requests.filter((url) => url !== 'file://' + file + '#seq=57&seq2=48' && url !== 'file://' + file), []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src( 'sha256-[A-Za-z0-9+/=]+')+;/);
    assert.deepEqual(page.errors, []);
    if (file === comparePage) {
      await page.click('#fit');
      // Tall enough for every lane of both, without the legend (the README's picture).
      await page.setViewportSize({ width: 980, height: 1000 });
      await page.click('#legend-toggle');
      await page.waitForTimeout(200);
      // Both panes (not the toolbars nor the event list): small enough for the README.
      const middle = await page.locator('#middle').boundingBox();
      const shot = path.join(h.OUT, 'compare-sleep_wait.png');
      await page.screenshot({ path: shot, clip: { x: 0, y: middle.y, width: 980, height: middle.height } });
      assert.ok(fs.statSync(shot).size > 10000);
      // The README's picture: refreshed when COOLIO_UPDATE_SCREENSHOTS=1.
      if (process.env.COOLIO_UPDATE_SCREENSHOTS) fs.copyFileSync(shot, path.join(h.REPO, 'docs', 'images', 'compare-sleep_wait.png'));
    }
    await page.close();
  }
});

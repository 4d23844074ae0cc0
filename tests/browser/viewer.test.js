// The viewer page opened from disk: opening traces, every control, the keys, the URL,
// the state panel. Screenshots of the main views go to browser-out/.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

let browser, traces, dir;

before(async () => {
  dir = h.tempDir('viewer');
  traces = h.scenarioTraces(dir);
  browser = await h.launch();
});
after(async () => { await browser.close(); });

/** Where on the page (CSS px) the middle of bar k of a row is. */
function barPoint(page, rowTitle, style) {
  return page.evaluate(([title, styleName]) => {
    const app = window.coolioViewer, tl = app.timeline, L = app.layout;
    const row = L.order.find((r) => r.title === title);
    const k = Array.from(row.style).findIndex((s) => Coolio.STYLE_NAMES[s] === styleName);
    const y = tl.rowY.get(row.id);
    const [top, height] = tl.barBox(row, y);
    const a = tl.toPx(L.x(tl.axis, row.start[k])), b = tl.toPx(L.xEnd(tl.axis, row.end[k]));
    const rect = tl.canvas.getBoundingClientRect();
    return { x: rect.left + (a + b) / 2, y: rect.top + top + height / 2, ref: row.ref[k] };
  }, [rowTitle, style]);
}

test('opens a trace from disk (file://) with the file picker', async () => {
  const page = await h.newPage(browser);
  await page.goto(h.INDEX_URL);
  assert.ok(await page.isVisible('#drop-zone'), 'an empty page invites to drop a trace');
  await h.screenshot(page, 'viewer-empty.png');
  await page.setInputFiles('#file-input', traces.sleep_wait);
  await h.waitForTrace(page);
  assert.equal(await page.textContent('#trace-name'), 'sleep_wait.trace.jsonl');
  const lines = fs.readFileSync(traces.sleep_wait, 'utf8').trim().split('\n').length;
  assert.match(await page.textContent('#trace-info'), new RegExp(`${lines} events · \\d+ ticks · 4 tasks`));
  assert.equal(await page.textContent('#position'), `event 0 / ${lines - 1}`);
  // The three workers and the task that waits for them each have a lane.
  const lanes = await page.evaluate(() => [...window.coolioViewer.layout.taskRows.values()].map((r) => `${r.title} ${r.subtitle}`));
  assert.deepEqual(lanes, ['Task-1 wait', 'Task-2 do_some_work', 'Task-3 do_some_work', 'Task-4 do_some_work']);
  // Above them, the loop's ticks with their phases, the handles it ran, the selector and the timer heap.
  const rows = await page.evaluate(() => window.coolioViewer.layout.order.filter((r) => r.lane !== 'task').map((r) => `${r.lane}: ${r.title} ${r.subtitle}`));
  assert.deepEqual(rows.slice(0, 4), ['loop: loop ticks · phases', 'loop:  handles run', 'selector: selector waits · I/O', 'timers: timer heap call_at → due']);
  await h.screenshot(page, 'viewer-sleep_wait.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the timeline is drawn at the screen's pixel density", async () => {
  for (const scale of [1, 2]) {
    const page = await h.newPage(browser, { deviceScaleFactor: scale });
    await h.openWithPicker(page, traces.sleep_wait);
    const size = await page.evaluate(() => {
      const canvas = document.querySelector('#timeline'), box = canvas.getBoundingClientRect();
      return { width: canvas.width, height: canvas.height, cssWidth: box.width, cssHeight: box.height, dpr: devicePixelRatio };
    });
    assert.equal(size.dpr, scale);
    assert.equal(size.width, Math.round(size.cssWidth * scale));
    assert.equal(size.height, Math.round(size.cssHeight * scale));
    if (scale === 2) await h.screenshot(page, 'viewer-hidpi.png');
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('the open button shows the file chooser, and a dropped file opens too', async () => {
  const page = await h.newPage(browser);
  await page.goto(h.INDEX_URL);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#drop-open')]);
  await chooser.setFiles(traces.call_soon_tasks);
  await h.waitForTrace(page, 'call_soon_tasks.trace.jsonl');
  const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), page.click('#open-button')]);
  await chooser2.setFiles(traces.gather_error);
  await h.waitForTrace(page, 'gather_error.trace.jsonl');
  // Drop: a DataTransfer holding a File, as a drag from the desktop delivers it.
  const text = fs.readFileSync(traces.sleep0_round_robin, 'utf8');
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'dropped.trace.jsonl'));
    document.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    document.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  await h.waitForTrace(page, 'dropped.trace.jsonl');
  assert.equal(await page.textContent('#trace-name'), 'dropped.trace.jsonl');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('arrow keys step through the events, and the URL keeps the position', async () => {
  const page = await h.newPage(browser);
  await h.openWithPicker(page, traces.sleep_wait, '#seq=55');
  assert.equal(await h.cursor(page), 55, 'the hash names the event to open at');
  assert.match(await page.textContent('#event-card .headline'), /Task-2 steps/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await h.cursor(page), 57);
  await h.waitForHash(page, '#seq=57');
  assert.equal(new URL(page.url()).hash, '#seq=57');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await h.cursor(page), 56);
  // Shift+→: the first event of the next tick; Shift+←: back to the start of a tick.
  await page.keyboard.press('Shift+ArrowRight');
  const kind = () => page.evaluate(() => window.coolioViewer.trace.kindName(window.coolioViewer.cursor));
  assert.equal(await kind(), 'tick.begin');
  const tickStart = await h.cursor(page);
  await page.keyboard.press('Shift+ArrowLeft');
  assert.ok((await h.cursor(page)) < tickStart);
  assert.equal(await kind(), 'tick.begin');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => window.coolioViewer.trace.kindName(window.coolioViewer.cursor)), 'trace.end');
  await page.keyboard.press('Home');
  assert.equal(await h.cursor(page), 0);
  // Changing the hash (a link to another event of the same page) moves the cursor.
  await page.evaluate(() => { location.hash = '#seq=20'; });
  await page.waitForFunction(() => window.coolioViewer.cursor === 20);
  // Keys typed into a filter box are the box's, not the stepper's.
  await page.focus('#filter-text');
  await page.keyboard.press('ArrowRight');
  assert.equal(await h.cursor(page), 20);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("stepping through the doc's walkthrough with the arrow keys", async () => {
  // sleep_wait: the three tasks start, sleep 1, 2 and 3 s, and wake in turn.
  const page = await h.newPage(browser);
  await h.openWithPicker(page, traces.sleep_wait);
  const seen = [];
  const count = await page.evaluate(() => window.coolioViewer.trace.count);
  for (let i = 1; i < count; i++) {
    await page.keyboard.press('ArrowRight');
    seen.push(await page.textContent('#event-card .headline'));
  }
  assert.equal(await h.cursor(page), count - 1);
  const text = seen.join('\n');
  for (const line of ['Task-2 prints: Waiting:  1', 'Task-2 suspends on Future-6 (sleep)', 'select: wait 1.0 s for the next timer',
    'Future-6 (sleep) resolved: result None', 'run Task-2.__wakeup(Future-6)', 'Task-2 prints: long time work End',
    'Task-4 is done: result None', 'main prints: TIME:  3.0'])
    assert.ok(text.includes(line), `the walkthrough shows "${line}"`);
  // Every event has an explanation that names the asyncio function.
  assert.ok((await page.textContent('#event-card .explanation')).length > 40);
  assert.ok((await page.textContent('#event-card .asyncio')).startsWith('asyncio: '));
  await page.close();
});

test('every control of the toolbar works', async () => {
  const page = await h.newPage(browser);
  await h.openWithPicker(page, traces.sleep_wait, '#seq=30');
  const click = async (selector) => { await page.click(selector); return h.cursor(page); };
  assert.equal(await click('#next'), 31);
  assert.equal(await click('#prev'), 30);
  const nextTick = await click('#next-tick');
  assert.ok(nextTick > 30);
  assert.equal(await click('#prev-tick') < nextTick, true);
  assert.equal(await click('#last'), (await page.evaluate(() => window.coolioViewer.trace.count)) - 1);
  assert.equal(await click('#first'), 0);

  const span = () => page.evaluate(() => window.coolioViewer.timeline.x1 - window.coolioViewer.timeline.x0);
  const full = await span();
  await page.click('#zoom-in');
  assert.ok((await span()) < full * 0.6);
  await page.click('#zoom-out');
  await page.click('#zoom-out');
  assert.ok((await span()) > full);
  await page.click('#fit');
  assert.ok(Math.abs((await span()) - full) < 1e-9);

  // The x axis: ticks or loop time.
  await page.check('input[name="axis"][value="time"]');
  assert.equal(await page.evaluate(() => window.coolioViewer.timeline.axis), 'time');
  await page.click('#fit');
  await page.evaluate(() => window.coolioViewer.timeline.draw());
  await h.screenshot(page, 'viewer-loop-time.png');
  await page.check('input[name="axis"][value="ticks"]');
  assert.equal(await page.evaluate(() => window.coolioViewer.timeline.axis), 'ticks');

  // The legend can be hidden and shown.
  assert.ok(await page.isVisible('#legend'));
  assert.match(await page.textContent('#legend'), /call_soon → the run of that handle/);
  // Every style, mark and arrow of asyncio is in the legend; the colours that carry meaning on
  // their own (marks, arrows, outlines) are Okabe–Ito colours (readable with the
  // common colour blindnesses) or greys.
  const legend = await page.evaluate(() => {
    const okabeIto = new Set(Object.values(Coolio.OKABE_ITO).map((c) => c.toLowerCase()));
    const grey = (c) => /^#([0-9a-f]{2})\1\1$/i.test(c);
    const colours = [...Object.values(Coolio.MARKS).map((m) => m.color), ...Object.values(Coolio.ARROWS).map((a) => a.color),
      ...Object.values(Coolio.STYLES).map((st) => st.stroke || st.fill)];
    return {
      items: document.querySelectorAll('#legend .legend-item').length,
      // (An asyncio trace is open: the legend leaves out what only curio traces show.)
      expected: [Coolio.STYLES, Coolio.MARKS, Coolio.ARROWS].map((table) => Object.values(table)
        .filter((entry) => entry.legend && entry.runtime !== 'curio').length).reduce((x, y) => x + y),
      outside: colours.filter((c) => !okabeIto.has(c.toLowerCase()) && !grey(c)),
    };
  });
  assert.equal(legend.items, legend.expected);
  assert.deepEqual(legend.outside, []);
  await page.click('#legend-toggle');
  assert.ok(!(await page.isVisible('#legend')));
  await page.click('#legend-toggle');
  assert.ok(await page.isVisible('#legend'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the timeline: click, hover, wheel zoom, drag to pan, and the arrows', async () => {
  const page = await h.newPage(browser);
  await h.openWithPicker(page, traces.sleep_wait);
  await page.evaluate(() => window.coolioViewer.timeline.draw());
  // Clicking Task-2's sleep puts the cursor on the event that began it: its suspend.
  const sleep = await barPoint(page, 'Task-2', 'await');
  await page.mouse.click(sleep.x, sleep.y);
  assert.equal(await h.cursor(page), sleep.ref);
  assert.equal(await page.evaluate(() => window.coolioViewer.trace.kindName(window.coolioViewer.cursor)), 'task.suspend');
  // Hovering shows what the bar is.
  await page.mouse.move(sleep.x + 3, sleep.y);
  await page.waitForSelector('#tooltip:not([hidden])');
  assert.match(await page.textContent('#tooltip'), /await Future-6 \(sleep\)/);
  await h.screenshot(page, 'viewer-hover.png');
  // The wheel zooms around the pointer; dragging pans.
  const before = await page.evaluate(() => [window.coolioViewer.timeline.x0, window.coolioViewer.timeline.x1]);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction((w) => window.coolioViewer.timeline.x1 - window.coolioViewer.timeline.x0 < w, before[1] - before[0]);
  const zoomed = await page.evaluate(() => [window.coolioViewer.timeline.x0, window.coolioViewer.timeline.x1]);
  await page.mouse.move(sleep.x, sleep.y);
  await page.mouse.down();
  await page.mouse.move(sleep.x - 200, sleep.y, { steps: 5 });
  await page.mouse.up();
  const panned = await page.evaluate(() => [window.coolioViewer.timeline.x0, window.coolioViewer.timeline.x1]);
  assert.ok(panned[0] > zoomed[0], 'dragging left shows later events');
  assert.ok(Math.abs((panned[1] - panned[0]) - (zoomed[1] - zoomed[0])) < 1e-9, 'panning keeps the zoom');
  assert.equal(await h.cursor(page), sleep.ref, 'a drag is not a click');
  // The arrows: each wake-up, from the future's resolution to the wakeup's run, and
  // each call_soon to the run of its handle.
  const arrows = await page.evaluate(() => {
    const L = window.coolioViewer.layout;
    return Array.from(L.arrowFrom, (from, k) => `${L.trace.kindName(from)}→${L.trace.kindName(L.arrowTo[k])}:${Coolio.ARROW_NAMES[L.arrowType[k]]}`);
  });
  assert.equal(arrows.filter((a) => a === 'future.resolve→handle.run:wake').length, 4);
  assert.equal(arrows.filter((a) => a === 'handle.run→task.step:step').length, 8);
  assert.equal(arrows.filter((a) => a === 'timer.due→handle.run:timer').length, 3);
  assert.ok(arrows.filter((a) => a === 'call_soon→handle.run:schedule').length >= 4);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('search and filter: kind, task, tick range, printed text', async () => {
  const page = await h.newPage(browser);
  await h.openWithPicker(page, traces.sleep_wait);
  const matches = () => page.evaluate(() => {
    const m = window.coolioViewer.filter.matches;
    return m ? Array.from(m) : null;
  });
  const kinds = (list) => page.evaluate((l) => l.map((i) => window.coolioViewer.trace.kindName(i)), list);

  // By kind: only prints.
  await page.click('#filter-kinds-menu summary');
  await page.click('#filter-kinds-none');
  await page.check('#filter-kinds input[value="print"]');
  assert.equal(await page.textContent('#filter-kinds-summary'), 'print');
  let found = await matches();
  assert.equal(found.length, 10);
  assert.deepEqual(new Set(await kinds(found)), new Set(['print']));
  assert.match(await page.textContent('#filter-count'), /^10 of \d+ events match$/);
  // The list below shows the matches (as many as fit).
  const listed = await page.$$eval('#event-list .event-row', (rows) => rows.map((r) => [Number(r.dataset.seq), r.querySelector('.kind').textContent]));
  assert.ok(listed.length >= 5);
  assert.deepEqual(listed.map(([seq]) => seq), found.slice(0, listed.length));
  assert.ok(listed.every(([, kind]) => kind === 'print'));
  await page.click('#filter-kinds-menu summary');
  // Filtering moved the cursor to the first match. Next and previous match, with the
  // buttons and with n / p.
  assert.equal(await h.cursor(page), found[0]);
  await page.click('#next-match');
  assert.equal(await h.cursor(page), found[1]);
  await page.keyboard.press('n');
  assert.equal(await h.cursor(page), found[2]);
  await page.keyboard.press('p');
  assert.equal(await h.cursor(page), found[1]);
  await page.click('#prev-match');
  assert.equal(await h.cursor(page), found[0]);

  // By printed text (and kind).
  await page.fill('#filter-text', 'END');
  await page.waitForFunction(() => window.coolioViewer.filter.matches && window.coolioViewer.filter.matches.length === 3);
  found = await matches();
  const texts = await page.evaluate((l) => l.map((i) => window.coolioViewer.trace.event(i).text), found);
  assert.deepEqual(texts, ['long time work End', 'long time work End', 'long time work End']);

  // By task: only Task-3's lane is shown, and the events of its steps match.
  await page.click('#filter-kinds-menu summary');
  await page.click('#filter-kinds-all');
  await page.click('#filter-kinds-menu summary');
  assert.equal(await page.textContent('#filter-kinds-summary'), 'all kinds');
  await page.fill('#filter-text', '');
  await page.waitForFunction(() => window.coolioViewer.filter.textInput.value === '' && window.coolioViewer.filter.matches === null);
  await page.selectOption('#filter-task', { label: 'Task-3 (do_some_work)' });
  found = await matches();
  const rows = await page.evaluate((l) => l.map((i) => {
    const L = window.coolioViewer.layout, e = L.trace.event(i);
    return L.rows[L.eventRow[i]].title || e.kind;
  }), found);
  assert.ok(rows.every((r) => r === 'Task-3' || r === 'handle.run'), rows.join());
  assert.ok(found.length >= 10);
  const hidden = await page.evaluate(() => [...window.coolioViewer.timeline.hiddenRows].map((id) => window.coolioViewer.layout.rows[id].title));
  assert.deepEqual(hidden.sort(), ['Task-1', 'Task-2', 'Task-4']);
  await page.evaluate(() => window.coolioViewer.timeline.draw());
  await h.screenshot(page, 'viewer-filter-task.png');

  // By tick range.
  await page.selectOption('#filter-task', '');
  await page.fill('#filter-tick-from', '3');
  await page.fill('#filter-tick-to', '4');
  await page.dispatchEvent('#filter-tick-to', 'change');
  found = await matches();
  const ticks = await page.evaluate((l) => l.map((i) => window.coolioViewer.trace.tick[i]), found);
  assert.ok(ticks.length > 5 && ticks.every((t) => t === 3 || t === 4));
  // Clicking a row of the list moves the cursor there.
  await page.$eval(`#event-list .event-row[data-seq="${found[2]}"]`, (row) => row.click());
  assert.equal(await h.cursor(page), found[2]);
  await page.click('#filter-clear');
  assert.equal(await matches(), null);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the state panel shows the loop after each event, as coolio-trace show --states does', async () => {
  const states = h.coolio('show', traces.sleep_wait, '--states');
  assert.equal(states.status, 0, states.stderr);
  const expected = states.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const page = await h.newPage(browser);
  await h.openWithPicker(page, traces.sleep_wait);
  // What the panel shows after each event (read in the page: one round trip).
  const panel = await page.evaluate((n) => {
    const out = [];
    for (let seq = 0; seq < n; seq++) {
      window.coolioViewer.setCursor(seq, true);
      const lists = [...document.querySelectorAll('#state .state-section')];
      const items = (k) => [...lists[k].querySelectorAll('li:not(.empty) .text')].map((node) => node.textContent);
      const tasks = [...document.querySelectorAll('#state table.tasks tr')].slice(1).map((tr) => {
        const cells = tr.querySelectorAll('td');
        return [cells[0].querySelector('strong').textContent, cells[1].textContent, Number(cells[2].textContent), cells[4].textContent];
      });
      out.push({ ready: items(0), timers: items(1), tasks });
    }
    return out;
  }, expected.length);
  for (let seq = 0; seq < expected.length; seq++) {
    const shown = panel[seq], want = expected[seq];
    assert.deepEqual(shown.ready, want.ready.map((r) => r.callback), `ready queue after event ${seq}`);
    assert.deepEqual(shown.timers, want.timers.map((r) => r.callback), `timer heap after event ${seq}`);
    assert.deepEqual(shown.tasks, want.tasks.map((task) => [task.name, task.state === 'done' ? `done: ${task.outcome}` : task.state,
      task.steps, task.chain.join(' → ')]), `tasks after event ${seq}`);
  }
  // A link to a cause jumps there.
  await page.evaluate(() => window.coolioViewer.setCursor(57, true));
  await page.click('#event-card .causes a');
  assert.equal(await h.cursor(page), 55);
  await h.screenshot(page, 'viewer-state-panel.png');
  await page.close();
});

test("the state panel shows the selector's descriptors: interest and waiting callback (echo)", async () => {
  const states = h.coolio('show', traces.echo, '--states');
  assert.equal(states.status, 0, states.stderr);
  const expected = states.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const page = await h.newPage(browser);
  await h.openWithPicker(page, traces.echo);
  const shown = await page.evaluate((n) => {
    const out = [];
    for (let seq = 0; seq < n; seq++) {
      window.coolioViewer.setCursor(seq, true);
      const section = [...document.querySelectorAll('#state .state-section')].find((s) => s.textContent.startsWith('Selector'));
      out.push([...section.querySelectorAll('li:not(.empty)')].map((li) =>
        [li.querySelector('.id').textContent, li.querySelector('.interest').textContent, li.querySelector('.text').textContent]));
    }
    return out;
  }, expected.length);
  let watched = 0;
  for (let seq = 0; seq < expected.length; seq++) {
    const want = expected[seq].fds.map((fd) => [`fd ${fd.fd}`,
      fd.reader !== null && fd.writer !== null ? 'read+write' : fd.reader !== null ? 'read' : 'write',
      [fd.reader !== null ? `on read: ${fd.reader}` : '', fd.writer !== null ? `on write: ${fd.writer}` : ''].filter(Boolean).join(' · ')]);
    assert.deepEqual(shown[seq], want, `descriptors after event ${seq}`);
    watched += want.length;
  }
  assert.ok(watched > 0, 'the echo trace watches descriptors');
  const withFds = expected.findIndex((state) => state.fds.length >= 2);
  await page.evaluate((s) => {
    window.coolioViewer.setCursor(s, true);
    [...document.querySelectorAll('#state .state-section')].find((section) => section.textContent.startsWith('Selector')).scrollIntoView();
  }, withFds);
  await h.screenshot(page, 'viewer-selector-state.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The page and the C++ side agree: same kinds table, same explanations, same state
// after every event (the vectors of `coolio-trace show --states`), same verdict and
// FILE:LINE message on broken traces.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');
const { writeSyntheticTrace } = require('./synth');

let browser, page, traces, dir;

before(async () => {
  dir = h.tempDir('states');
  traces = { ...h.goldenTraces(), ...h.scenarioTraces(dir) };
  // One more with what the scenarios lack: I/O wake-ups, yields, many timers.
  traces.synthetic = path.join(dir, 'synthetic.trace.jsonl');
  // (Small: every state lists every task and future so far, so the vectors grow as the
  // square of the length; 1,500 events already hold a few hundred futures.)
  writeSyntheticTrace(traces.synthetic, 1500);
  browser = await h.launch();
  page = await h.newPage(browser);
  await page.goto(h.INDEX_URL);
});
after(async () => { await browser.close(); });

/** Opens `file` in the page (without the UI) and runs `fn(trace)` there. */
function inPage(file, fn, arg) {
  return page.evaluate(([text, name, source, argument]) => {
    const trace = Coolio.parseTraceText(text, name);
    return (0, eval)(source)(trace, argument);  // the function's source, run in the page
  }, [fs.readFileSync(file, 'utf8'), path.basename(file), fn.toString(), arg]);
}

test('kinds.js and explanations.js are what coolio-trace generates from the C++ tables', () => {
  for (const [what, file] of [['kinds', 'kinds.js'], ['explanations', 'explanations.js']]) {
    const generated = h.coolio('web-data', what);
    assert.equal(generated.status, 0, generated.stderr);
    assert.equal(fs.readFileSync(path.join(h.VIEWER, file), 'utf8'), generated.stdout,
      `web-viewer/${file} is out of date: run coolio-trace web-data ${what} > web-viewer/${file}`);
  }
});

test('the state model gives the state of coolio-trace show --states after every event', async () => {
  let compared = 0;
  for (const [name, file] of Object.entries(traces)) {
    const shown = h.coolio('show', file, '--states');
    assert.equal(shown.status, 0, `${name}: ${shown.stderr}`);
    // The page compares, as text with the keys in order, each line of the C++ vectors
    // with its own state (JSON.parse then JSON.stringify on both sides, so that 1.0
    // and 1 read the same): in order (one event at a time), then backwards (from
    // checkpoints). Only the differences come back.
    const result = await inPage(file, (trace, expectedText) => {
      const expected = expectedText.trim().split('\n');
      const model = new Coolio.StateModel(trace);
      const differences = [];
      const compare = (i, how) => {
        const ours = JSON.stringify(model.at(i).toJSON(trace)), theirs = JSON.stringify(JSON.parse(expected[i]));
        if (ours !== theirs && differences.length < 3) differences.push({ seq: i, how, ours, theirs });
      };
      for (let i = 0; i < trace.count; i++) compare(i, 'forward');
      for (let i = trace.count - 1; i >= 0; i -= 7) compare(i, 'going back');
      return { count: trace.count, lines: expected.length, differences };
    }, shown.stdout);
    assert.equal(result.count, result.lines, `${name}: one state per event`);
    for (const d of result.differences)
      assert.equal(d.ours, d.theirs, `${name}: the state after event ${d.seq} (${d.how})`);
    compared += result.count;
  }
  assert.ok(compared > 2000, `states compared: ${compared}`);
  // Both runtimes: the curio kernel's golden traces are among them.
  assert.ok(Object.keys(traces).filter((name) => name.includes('.curio.')).length >= 5, 'the curio goldens are compared');
});

test("explanations: the page explains every event as the stepper's explain_event does", async () => {
  for (const [name, file] of Object.entries(traces)) {
    const cpp = h.coolio('web-data', 'explain', file);
    assert.equal(cpp.status, 0, cpp.stderr);
    const expected = cpp.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const ours = await inPage(file, (trace) => {
      const out = [];
      for (let i = 0; i < trace.count; i++) {
        const e = trace.event(i);
        out.push({ seq: i, variant: Coolio.explainVariant(e), ...Coolio.explain(e, 'en', trace.event(0).runtime) });
      }
      return out;
    });
    for (let i = 0; i < expected.length; i++) assert.deepEqual(ours[i], expected[i], `${name}: event ${i}`);
  }
});

test('the page reads broken traces as the C++ reader does: same FILE:LINE and problem', async () => {
  const good = fs.readFileSync(traces.sleep_wait || Object.values(traces)[0], 'utf8').split('\n');
  const header = good[0];
  const cases = {
    empty: '',
    'not-json': 'hello\n',
    'not-a-trace': '{"seq":0}\n',
    'newer-version': header.replace('"version":1', '"version":9') + '\n',
    'bad-json': [header, good[1], '{"seq":2,', good[3]].join('\n') + '\n',
    'seq-gap': [header, good[1], good[3]].join('\n') + '\n',
    'unknown-kind': [header, good[1].replace('"task.new"', '"task.fly"')].join('\n') + '\n',
    'missing-field': [header, good[1].replace(/,"coro":"[^"]*"/, '')].join('\n') + '\n',
    'wrong-type': [header, good[1].replace(/"task":1/, '"task":"one"')].join('\n') + '\n',
    'negative-id': [header, good[1].replace(/"task":1/, '"task":-1')].join('\n') + '\n',
    'fraction-id': [header, good[1].replace(/"task":1/, '"task":1.5')].join('\n') + '\n',
    'tick-backwards': [header, good[1].replace('"tick":0', '"tick":3'), good[2]].join('\n') + '\n',
    'late-cause': [header, good[1].replace('"kind"', '"cause":1,"kind"')].join('\n') + '\n',
    'empty-line': [header, '', good[1]].join('\n') + '\n',
    'after-end': [...good.slice(0, -1), good[1].replace('"seq":1', `"seq":${good.length - 1}`)].join('\n') + '\n',
    'not-an-object': [header, '[1, 2]'].join('\n') + '\n',
    'trailing-text': [header, good[1] + ' x'].join('\n') + '\n',
    'bad-escape': [header, good[1].replace('Task-1', 'Task\\q1')].join('\n') + '\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = path.join(dir, `${name}.trace.jsonl`);
    fs.writeFileSync(file, text);
    const cpp = h.coolio('view', file, '-o', path.join(dir, 'out.html'));
    const js = await page.evaluate(([content, label]) => {
      try { Coolio.parseTraceText(content, label); return null; } catch (error) { return error.message; }
    }, [text, file]);
    assert.equal(cpp.status, 2, `${name}: coolio-trace view refuses it`);
    assert.ok(js !== null, `${name}: the page refuses it`);
    // (The page says "this viewer" where coolio-trace says "this coolio-trace".)
    const cppMessage = cpp.stderr.trim().replace(/^coolio-trace: /, '').replace('this coolio-trace', 'this viewer');
    // The page may say a little more about bad JSON ("not valid JSON (a string is not closed)").
    assert.ok(js === cppMessage || js.startsWith(cppMessage.replace(/\)$/, '')), `${name}:\n  C++: ${cppMessage}\n  JS:  ${js}`);
  }
  // Forgiven, with a warning: a run that was stopped after a whole line (no trace.end).
  const stopped = good.slice(0, 20).join('\n') + '\n';
  const warnings = await page.evaluate((content) => Coolio.parseTraceText(content, 'stopped.trace.jsonl').warnings, stopped);
  assert.deepEqual(warnings, ['stopped.trace.jsonl: no trace.end event: the run was cut short; showing the 20 events written']);
});

test('the page refuses what coolio-trace view refuses, with the same words (tests/hostile/)', async () => {
  const folder = path.join(h.REPO, 'tests', 'hostile');
  const files = fs.readdirSync(folder).filter((f) => f !== 'README.md').sort();
  let refused = 0;
  for (const name of files) {
    const file = path.join(folder, name);
    const cpp = h.coolio('view', file, '-o', path.join(dir, 'out.html'));
    // The page reads the file, then folds every event into the state (as app.js's
    // checkState does after opening it).
    // (As bytes: the folder holds files that are not UTF-8, which a string would mend.)
    const js = await page.evaluate(([content, label]) => {
      try {
        const trace = Coolio.parseTraceBytes(new Uint8Array(content), label);
        const state = new Coolio.LoopState();
        for (let i = 0; i < trace.count; i++) state.apply(trace, i);
        return { warnings: trace.warnings };
      } catch (error) {
        return { error: error.message };
      }
    }, [[...fs.readFileSync(file)], file]);
    if (cpp.status === 0) {
      assert.equal(js.error, undefined, `${name}: the page refuses what view takes`);
      const cppWarnings = cpp.stderr.split('\n').filter(Boolean).map((line) => line.replace(/^coolio-trace: warning: /, ''));
      assert.deepEqual(js.warnings, cppWarnings, `${name}: the same warnings`);
    } else {
      assert.equal(cpp.status, 2, `${name}: ${cpp.stderr}`);
      const cppMessage = cpp.stderr.trim().replace(/^coolio-trace: /, '').replace('this coolio-trace', 'this viewer');
      assert.ok(js.error === cppMessage || (js.error || '').startsWith(cppMessage.replace(/\)$/, '')), `${name}:\n  C++: ${cppMessage}\n  JS:  ${js.error}`);
      refused++;
    }
  }
  assert.ok(refused >= 8, `${refused} files refused`);
});

test('events that contradict the state: the page says what coolio-trace view says, for each rule of the fold', async () => {
  // Each case changes one event of a golden trace so that one rule of the fold breaks.
  const golden = (name) => fs.readFileSync(path.join(h.REPO, 'tests', 'golden', `${name}.trace.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const change = (events, kind, edit, nth = 0) => {
    const matching = events.filter((e) => e.kind === kind);
    assert.ok(matching.length > nth, `the trace has a ${kind} event`);
    edit(matching[nth]);
    return events;
  };
  const cases = {
    'drop-unknown-timer': change(golden('sleep_wait'), 'tick.begin', (e) => { e.dropped = [99]; }, 2),
    'due-unknown-timer': change(golden('sleep_wait'), 'timer.due', (e) => { e.handle = 99; }),
    'run-empty-queue': change(golden('sleep_wait'), 'call_soon', (e) => { e.kind = 'print'; e.text = 'x'; e.task = null; delete e.handle; delete e.callback; }),
    'duplicate-task-id': change(golden('sleep_wait'), 'task.new', (e) => { e.task = 1; }, 1),
    'id-zero': change(golden('sleep_wait'), 'future.new', (e) => { e.future = 0; }),
    'resolve-unknown-future': change(golden('sleep_wait'), 'future.resolve', (e) => { e.future = 99; }),
    'resolve-a-task': change(golden('sleep_wait'), 'future.resolve', (e) => { e.future = 2; }),
    'callback-unknown-future': change(golden('sleep_wait'), 'future.callback', (e) => { e.future = 99; }),
    'remove-unknown-token': change(golden('timeout_read'), 'future.callback', (e) => { if (e.op === 'remove') e.token = 99; },
      golden('timeout_read').filter((e) => e.kind === 'future.callback').findIndex((e) => e.op === 'remove')),
    'suspend-not-running': change(golden('sleep_wait'), 'task.suspend', (e) => { e.task = 3; }),
    'step-unknown-task': change(golden('sleep_wait'), 'task.step', (e) => { e.task = 42; }),
    'step-while-running': change(golden('sleep_wait'), 'task.suspend', (e) => { e.kind = 'print'; e.text = 'x'; e.task = null; delete e.reason; delete e.future; delete e.chain; }),
    'done-twice': change(golden('sleep_wait'), 'task.done', (e) => { e.task = 2; }, 1),
    'unwatch-unknown-fd': change(golden('echo'), 'io.unwatch', (e) => { e.fd = 99; }),
    'ready-unknown-handle': change(golden('echo'), 'io.ready', (e) => { e.handles = [999]; }),
  };
  for (const [name, events] of Object.entries(cases)) {
    const file = path.join(dir, `${name}.trace.jsonl`);
    const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    fs.writeFileSync(file, text);
    const cpp = h.coolio('view', file, '-o', path.join(dir, 'out.html'));
    assert.equal(cpp.status, 2, `${name}: coolio-trace view refuses it (${cpp.stderr.trim()})`);
    const js = await page.evaluate(([content, label]) => {
      const trace = Coolio.parseTraceText(content, label);
      const state = new Coolio.LoopState();
      try { for (let i = 0; i < trace.count; i++) state.apply(trace, i); } catch (error) { return error.message; }
      return null;
    }, [text, file]);
    assert.equal(js, cpp.stderr.trim().replace(/^coolio-trace: /, ''), name);
  }
});

test('the reader keeps the same numbers as JSON.parse, for every event', async () => {
  for (const [name, file] of Object.entries(traces)) {
    const bad = await inPage(file, (trace) => {
      const wrong = [];
      const lines = [];
      for (let i = 0; i < trace.count; i++) {
        const e = JSON.parse(trace.lineText(i));
        const t = e.t === null ? NaN : e.t;
        if (e.seq !== i || e.tick !== trace.tick[i] || !Object.is(t, trace.t[i]) || (e.cause ?? -1) !== trace.cause[i] ||
          e.kind !== trace.kindName(i)) wrong.push(i);
        if (e.when !== undefined && e.when !== trace.num[i]) wrong.push(i);
        lines.push(i);
      }
      return wrong;
    });
    assert.deepEqual(bad, [], name);
  }
});

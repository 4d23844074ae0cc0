// synth.js — makes large, valid coolio traces for the scale tests.
//
// A tiny simulation of the loop (ready queue, timer heap, one watched descriptor)
// runs a made-up program and writes the events the real tracer would write, with
// the same rules (seq without gaps, causes, ticks), so the viewer's parser, state
// model and timeline see a realistic mix: task steps that sleep on timers, steps
// that yield with sleep(0), prints, and I/O wake-ups of a reader callback.
'use strict';

const fs = require('node:fs');

/**
 * Writes a trace of about `target` events to `path` (synchronously, in chunks).
 * Returns the number of events written.
 */
function writeSyntheticTrace(path, target, { workers = 6 } = {}) {
  const fd = fs.openSync(path, 'w');
  let buffer = '';
  let seq = 0;
  let tick = 0;
  let t = 0;
  let nextHandle = 1;
  let nextFuture = 1;
  const ready = [];   // {handle, callback, run: () => void}
  let timers = [];    // {handle, callback, when, run}, kept sorted by when then handle

  function emit(kind, fields, cause) {
    const head = { seq, tick, t, kind };
    if (cause !== undefined) head.cause = cause;
    buffer += JSON.stringify(Object.assign(head, fields)) + '\n';
    if (buffer.length > 1 << 20) { fs.writeSync(fd, buffer); buffer = ''; }
    return seq++;
  }
  function callSoon(callback, run, cause) {
    const handle = nextHandle++;
    ready.push({ handle, callback, run });
    emit('call_soon', { handle, callback }, cause);
  }
  function callAt(when, callback, run, cause) {
    const handle = nextHandle++;
    timers.push({ handle, callback, when, run });
    timers.sort((a, b) => a.when - b.when || a.handle - b.handle);
    emit('call_at', { handle, callback, when }, cause);
  }

  emit('trace.begin', { format: 'coolio-trace', version: 1, scenario: 'synthetic', clock: 'virtual', runtime: 'asyncio' });

  // The workers: each step prints, then sleeps 0.5–3 s (a timer) or yields (sleep(0)).
  const tasks = [];
  function step(task, handleRun) {
    const s = emit('task.step', { task: task.id, name: task.name, mode: 'send', value: 'None' }, handleRun);
    task.round++;
    emit('print', { text: `${task.name} round ${task.round}`, task: task.id, name: task.name }, s);
    if (seq >= target - 4) {  // wind down: the task returns
      emit('task.done', { task: task.id, name: task.name, outcome: 'result', result: 'None', callbacks: 0 }, s);
      return;
    }
    if (task.round % 3 === 0) {
      callSoon(`${task.name}.__step()`, (h) => step(task, h), s);
      emit('task.suspend', { task: task.id, name: task.name, reason: 'yield', future: null, chain: ['worker'] }, s);
      return;
    }
    const future = nextFuture++;
    emit('future.new', { future, label: 'sleep' }, s);
    const delay = 0.5 * (1 + ((task.id * 7 + task.round) % 6));
    callAt(t + delay, `futures._set_result_unless_cancelled(Future-${future})`, (h) => {
      const r = emit('future.resolve', { future, outcome: 'result', result: 'None', callbacks: 1 }, h);
      callSoon(`${task.name}.__wakeup(Future-${future})`, (h2) => step(task, h2), r);
    }, s);
    emit('future.callback', { future, op: 'add', token: 1, callback: `${task.name}.__wakeup()` }, s);
    emit('task.suspend', { task: task.id, name: task.name, reason: 'future', future, chain: ['worker', 'sleep'] }, s);
  }
  for (let i = 0; i < workers; i++) {
    const task = { id: nextFuture++, name: `Task-${i + 1}`, round: 0 };
    tasks.push(task);
    emit('task.new', { task: task.id, name: task.name, coro: 'worker' });
    callSoon(`${task.name}.__step()`, (h) => step(task, h));
  }
  // A reader callback on fd 5, woken every few ticks.
  const reader = nextHandle++;
  emit('io.watch', { fd: 5, events: 'r', handle: reader, callback: '_read_ready()' });
  // And a descriptor watched both ways by one callback, never ready (its interest 'rw').
  const both = nextHandle++;
  emit('io.watch', { fd: 6, events: 'rw', handle: both, callback: '_ready_both()' });

  while (ready.length || timers.length) {
    tick++;
    const timeout = ready.length ? 0 : Math.max(0, timers[0].when - t);
    emit('tick.begin', { ready: ready.length, scheduled: timers.length, timeout, dropped: [] });
    const io = tick % 5 === 0;
    if (!ready.length) t = timers[0].when;
    emit('select', { timeout, events: io ? 1 : 0 });
    if (io) {
      ready.push({ handle: reader, callback: '_read_ready()', run: (h) => emit('print', { text: 'read 42 bytes', task: null }, h) });
      emit('io.ready', { fd: 5, events: 'r', handles: [reader] });
    }
    while (timers.length && timers[0].when <= t) {
      const timer = timers.shift();
      emit('timer.due', { handle: timer.handle, callback: timer.callback, when: timer.when });
      ready.push(timer);
    }
    for (let n = ready.length; n > 0; n--) {
      const h = ready.shift();
      const run = emit('handle.run', { handle: h.handle, callback: h.callback });
      h.run(run);
    }
  }
  tick++;
  emit('tick.begin', { ready: 0, scheduled: timers.length, timeout: 0, dropped: [] });
  emit('io.unwatch', { fd: 5, events: 'r' });
  emit('io.unwatch', { fd: 6, events: 'w' });
  emit('io.unwatch', { fd: 6, events: 'r' });
  emit('loop.stop', {});
  emit('trace.end', { reason: 'complete', events: seq + 1 });
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
  return seq;
}

module.exports = { writeSyntheticTrace };

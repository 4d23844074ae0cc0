// palette.js — the timeline's colours, and what each one means (the legend).
//
// The colours are the Okabe–Ito palette, chosen to stay distinct for readers with the
// common forms of colour blindness. Colour is never the only cue: bars also differ in
// lane, fill (solid for running, pale for waiting, outlined for pending) and label.
(function (Coolio) {
  'use strict';

  const OKABE_ITO = {
    orange: '#E69F00', skyBlue: '#56B4E9', bluishGreen: '#009E73', yellow: '#F0E442',
    blue: '#0072B2', vermillion: '#D55E00', reddishPurple: '#CC79A7', black: '#000000',
  };
  const O = OKABE_ITO;

  // Each style: fill, stroke (or null), text colour, and the legend's words; `runtime`
  // says which runtime's traces use it (none: both), so the legend lists only what the
  // open traces can show.
  const STYLES = {
    step: { fill: O.blue, text: '#ffffff', runtime: 'asyncio', legend: 'task step: the coroutine runs (Task.__step)' },
    await: { fill: '#cfe6f7', stroke: O.skyBlue, text: '#0b3a5a', runtime: 'asyncio', legend: 'task suspended: awaits a future' },
    yield: { fill: '#e8f3fb', stroke: O.skyBlue, text: '#0b3a5a', dash: true, runtime: 'asyncio', legend: 'task yielded (sleep(0)): its next step is queued' },
    pending: { fill: '#ffffff', stroke: '#8a8a8a', text: '#444444', dash: true, legend: 'task created, first step not run yet' },
    run: { fill: O.reddishPurple, text: '#2b0a1f', runtime: 'asyncio', legend: 'handle run: the loop calls a callback' },
    select: { fill: '#bfe6da', stroke: O.bluishGreen, text: '#003d2c', legend: 'select: the loop waits (timeout) or polls' },
    timer: { fill: '#f8dea6', stroke: O.orange, text: '#4d3400', runtime: 'asyncio', legend: 'timer on the heap, from call_at until due' },
    timerCancelled: { fill: '#eeeeee', stroke: '#9a9a9a', text: '#555555', dash: true, runtime: 'asyncio', legend: 'cancelled timer' },
    tick: { fill: '#f4f4f4', stroke: '#c9c9c9', text: '#333333', legend: null },
    // curio's kernel: the same colours for the same meaning (the task runs, waits, is
    // ready again), with curio's words.
    resume: { fill: O.blue, text: '#ffffff', runtime: 'curio', legend: 'curio: the kernel runs the task (task.resume) until it blocks' },
    parked: { fill: '#cfe6f7', stroke: O.skyBlue, text: '#0b3a5a', runtime: 'curio', legend: 'curio: task parked (task.park) on the timer heap, a wait queue or a descriptor' },
    woken: { fill: '#e8f3fb', stroke: O.skyBlue, text: '#0b3a5a', dash: true, runtime: 'curio', legend: "curio: woken (task.wake), waiting on the kernel's ready queue" },
    sleep: { fill: '#f8dea6', stroke: O.orange, text: '#4d3400', runtime: 'curio', legend: 'curio: a sleeping task on the timer heap, from its park until its time' },
  };
  // The phases of a tick, drawn in the loop lane with the colours of their lanes.
  const PHASES = {
    selectPhase: { fill: '#bfe6da', stroke: O.bluishGreen, text: '#003d2c', legend: 'tick phase: select' },
    timersPhase: { fill: '#f8dea6', stroke: O.orange, text: '#4d3400', legend: 'tick phase: due timers → ready queue' },
    readyPhase: { fill: '#f2d3e4', stroke: O.reddishPurple, text: '#2b0a1f', legend: 'tick phase: run the ready handles' },
    // The phases of a curio kernel cycle (kernel.phase), in the kernel lane.
    ioPhase: { fill: '#bfe6da', stroke: O.bluishGreen, text: '#003d2c', runtime: 'curio', legend: 'kernel cycle phase: io (poll the selector)' },
    timePhase: { fill: '#f8dea6', stroke: O.orange, text: '#4d3400', runtime: 'curio', legend: 'kernel cycle phase: time (sleeps over → ready queue)' },
    runPhase: { fill: '#f2d3e4', stroke: O.reddishPurple, text: '#2b0a1f', runtime: 'curio', legend: 'kernel cycle phase: run the ready tasks until each blocks' },
  };
  for (const name of ['selectPhase', 'timersPhase', 'readyPhase']) PHASES[name].runtime = 'asyncio';
  // Instant events, drawn as small marks.
  const MARKS = {
    print: { color: O.black, shape: 'text', legend: 'print (the program printed a line)' },
    done: { color: O.bluishGreen, shape: 'check', legend: 'task done with a result' },
    failed: { color: O.vermillion, shape: 'cross', legend: 'task done with an exception, or cancelled' },
    io: { color: O.vermillion, shape: 'diamond', legend: 'I/O: a descriptor is ready' },
    skip: { color: '#777777', shape: 'cross', legend: 'cancelled handle skipped' },
    exception: { color: O.vermillion, shape: 'bang', runtime: 'asyncio', legend: 'loop exception handler' },
    trap: { color: O.orange, shape: 'triangle', runtime: 'curio', legend: 'curio: trap (the task asks the kernel: sleep, spawn, join, wait…)' },
  };
  MARKS.skip.runtime = 'asyncio';
  // Arrows: cause → effect.
  const ARROWS = {
    schedule: { color: '#444444', legend: 'call_soon → the run of that handle' },
    wake: { color: O.vermillion, legend: 'a future resolved → the wakeup it queued runs' },
    timer: { color: O.orange, legend: 'timer due → its handle runs' },
    io: { color: O.bluishGreen, legend: 'descriptor ready → its handle runs' },
    step: { color: O.blue, legend: 'a handle run → the task step it performs' },
    // curio: what woke a task → the kernel resuming it.
    kwake: { color: O.vermillion, runtime: 'curio', legend: 'curio: another task woke it (join, Event, Queue…) → it resumes' },
    ktimer: { color: O.orange, runtime: 'curio', legend: 'curio: its sleep is over → it resumes' },
    kio: { color: O.bluishGreen, runtime: 'curio', legend: 'curio: its descriptor is ready → it resumes' },
  };
  for (const name of ['schedule', 'wake', 'timer', 'io', 'step']) ARROWS[name].runtime = 'asyncio';

  Coolio.OKABE_ITO = OKABE_ITO;
  Coolio.STYLES = Object.assign({}, STYLES, PHASES);
  Coolio.MARKS = MARKS;
  Coolio.ARROWS = ARROWS;
})(globalThis.Coolio = globalThis.Coolio || {});

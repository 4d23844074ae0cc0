// layout_kernel.js — the rows of a trace of curio's kernel (runtime "curio").
//
// The kernel has no callbacks and no handles: a task traps into the kernel, is parked
// (on the timer heap, a wait queue or a descriptor), is woken (put back on the ready
// queue) and resumed. So the rows say that, in the same places and colours as an
// asyncio trace's, so that the two can be read side by side:
//   kernel        each cycle's phases: io (poll the selector), time, run
//   selector      each select: how long the kernel waited; ready descriptors as marks
//   timer heap    each sleeping task, from its park until its time (stacked)
//   one per task  pending, then its runs (solid: from the resume off the ready queue
//                 to the park, the end or a sleep(0)), parked (pale, labelled with what
//                 it is parked on), woken (dashed: on the ready queue); its traps as marks
// Arrows: what woke a task → the kernel resuming it (another task, a timer, a descriptor).
(function (Coolio) {
  'use strict';

  const PHASE_STYLES = ['ioPhase', 'timePhase', 'runPhase'];  // kernel.phase's flag 1, 2, 3

  /** Builds the rows of a curio trace (Layout's constructor calls it instead of build()). */
  Coolio.Layout.prototype.buildKernel = function buildKernel() {
    const { S, M, A, K, Growable } = Coolio.LAYOUT_CODES;
    const { trace, count: n } = this;
    const { kind, cause, a, flag, num } = trace;
    const eventRow = this.eventRow = new Int32Array(n);
    const arrows = this.arrowLists = [0, 1, 2, 3, 4].map(() => new Growable(this.kindCounts[K['task.wake']]));
    const arrow = (from, to, fromRow, toRow, type) => {
      arrows[0].push(from); arrows[1].push(to); arrows[2].push(fromRow); arrows[3].push(toRow); arrows[4].push(type);
    };
    const tasks = new Map();  // task id → {open, style, ref, runStart, sleep, woken}
    const timerBusy = [false];
    let sawCycle = false, phaseStart = -1, phaseStyle = -1, phase = 0;

    const closePhase = (end) => {
      if (phaseStart >= 0) this.loop.add(phaseStart, end, phaseStyle, phaseStart);
      phaseStart = -1;
    };
    const taskOf = (id, i) => {
      let task = tasks.get(id);
      if (!task) tasks.set(id, task = { open: -1, style: S.parked, ref: i, runStart: -1, sleep: null, woken: null });
      return task;
    };
    // The bar the task was in (pending, parked, woken) ends before event i.
    const closeOpen = (row, task, i) => {
      if (task.open >= 0) row.add(task.open, i - 1, task.style, task.ref);
      task.open = -1;
    };
    // Its run ends at event i (a park, its end, a sleep(0)).
    const closeRun = (row, task, i) => {
      if (task.runStart >= 0) row.add(task.runStart, i, S.resume, task.runStart);
      task.runStart = -1;
    };
    const closeSleep = (task, i) => {
      if (!task.sleep) return;
      this.timerRows[task.sleep.slot].add(task.sleep.start, i, S.sleep, task.sleep.start);
      timerBusy[task.sleep.slot] = false;
      task.sleep = null;
    };

    for (let i = 0; i < n; i++) {
      const k = kind[i], c = cause[i];
      // The row of the context: the task whose run this happens in, else the kernel's.
      let row = this.loop.id;
      if (c >= 0 && kind[c] === K['task.resume']) row = eventRow[c];
      eventRow[i] = row;
      switch (k) {
        case K['kernel.cycle']:
          closePhase(i - 1);
          if (!sawCycle) this.loop.add(0, i - 1, S.tick, 0);  // what main did before the kernel ran
          sawCycle = true;
          phase = 0;
          eventRow[i] = this.loop.id;
          break;
        case K['kernel.phase']:
          closePhase(i - 1);
          phase = flag[i];
          if (phase > 0) { phaseStart = i; phaseStyle = S[PHASE_STYLES[phase - 1]]; }
          eventRow[i] = this.loop.id;
          break;
        case K['select']:
          this.selector.add(phaseStart >= 0 ? phaseStart : i, i, S.select, i);
          eventRow[i] = this.selector.id;
          break;
        case K['io.ready']:
          this.selector.mark(i, M.io);
          eventRow[i] = this.selector.id;
          break;
        case K['task.new']: {
          this.newTaskRow(trace, i);
          tasks.set(a[i], { open: i, style: S.pending, ref: i, runStart: -1, sleep: null, woken: null });
          break;
        }
        case K['task.resume']: {
          const taskRow = this.taskRow(a[i]), task = taskOf(a[i], i);
          eventRow[i] = taskRow.id;
          if (flag[i] === 2) break;  // via "trap": the same run goes on
          closeOpen(taskRow, task, i);
          task.runStart = i;
          if (task.woken) arrow(task.woken.from, i, task.woken.row, taskRow.id, task.woken.type);
          task.woken = null;
          break;
        }
        case K['trap']: {
          const taskRow = this.taskRow(a[i]);
          taskRow.mark(i, M.trap);
          eventRow[i] = taskRow.id;
          break;
        }
        case K['task.park']: {
          const taskRow = this.taskRow(a[i]), task = taskOf(a[i], i);
          closeRun(taskRow, task, i);
          task.open = i + 1;
          task.style = S.parked;
          task.ref = i;
          eventRow[i] = taskRow.id;
          if (!Number.isNaN(num[i])) task.sleep = { start: i, slot: this.timerSlot(timerBusy) };  // a sleep: until
          break;
        }
        case K['task.wake']: {
          const taskRow = this.taskRow(a[i]), task = taskOf(a[i], i);
          // Where the wake comes from: a task's run (join, Event, Queue, cancel…), the
          // time phase (a sleep or a timeout is over) or the io phase (a descriptor).
          let from = row, type = A.kwake;
          if (c < 0 && task.sleep) { from = this.timerRows[task.sleep.slot].id; type = A.ktimer; }
          else if (c < 0 && phase === 1) { from = this.selector.id; type = A.kio; }
          else if (c < 0) { from = this.loop.id; type = A.ktimer; }
          closeSleep(task, i);
          if (task.runStart >= 0) { closeRun(taskRow, task, i); task.open = i + 1; }  // sleep(0): its turn ends
          else { closeOpen(taskRow, task, i); task.open = i; }
          task.style = S.woken;
          task.ref = i;
          eventRow[i] = from === row && c < 0 ? taskRow.id : from;
          task.woken = { from: i, row: eventRow[i], type };
          break;
        }
        case K['task.done']: {
          const taskRow = this.taskRow(a[i]), task = taskOf(a[i], i);
          closeRun(taskRow, task, i);
          closeOpen(taskRow, task, i);
          closeSleep(task, i);
          taskRow.mark(i, flag[i] === 1 ? M.done : M.failed);
          eventRow[i] = taskRow.id;
          break;
        }
        case K['print']:
          this.rows[row].mark(i, M.print);
          break;
      }
    }
    closePhase(n - 1);
    if (!sawCycle) this.loop.add(0, n - 1, S.tick, 0);
    for (const [id, task] of tasks) {
      const taskRow = this.taskRow(id);
      closeRun(taskRow, task, n - 1);
      closeOpen(taskRow, task, n);
      closeSleep(task, n - 1);
    }
  };
})(globalThis.Coolio = globalThis.Coolio || {});

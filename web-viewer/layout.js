// layout.js — turns a trace into what the timeline draws: rows of bars, marks, arrows.
//
// Rows, top to bottom (docs/viewer.md shows them):
//   loop · ticks     each tick's phases: select, due timers (and I/O), run the ready handles
//   loop · handles   each handle the loop runs, as long as what its callback caused
//   selector         each select: how long the loop waited; I/O wake-ups as marks
//   timer heap       each timer from call_at until it is due (or dropped), stacked
//   one per task     pending, then its steps (solid) and what it awaited between them
// A trace of curio's kernel (the header's runtime "curio") has other rows: the kernel's
// cycles and phases instead of ticks and handles, sleeping tasks on the timer heap, and
// traps, parks and wakes on the task rows (layout_kernel.js builds them).
// Arrows link cause to effect: call_soon → the run of that handle; a future's
// resolution → the run of the wakeup it queued; a due timer or ready descriptor → the
// run of its handle; a handle's run → the task step it performs.
//
// Everything is in event indices; x positions come from two axes computed here:
// "ticks" (each tick equally wide, its events spread evenly inside it) and "time"
// (loop time). Bars are kept in typed arrays sorted by start, so the timeline can find
// what is visible with a binary search and draw a million events without looking at
// each one.
(function (Coolio) {
  'use strict';

  const K = Coolio.KIND;
  const STYLE_NAMES = Object.keys(Coolio.STYLES);
  const S = {};
  STYLE_NAMES.forEach((name, i) => { S[name] = i; });
  const MARK_NAMES = Object.keys(Coolio.MARKS);
  const M = {};
  MARK_NAMES.forEach((name, i) => { M[name] = i; });
  const ARROW_NAMES = Object.keys(Coolio.ARROWS);
  const A = {};
  ARROW_NAMES.forEach((name, i) => { A[name] = i; });
  const MAX_TIMER_ROWS = 6;  // more timers at once share the last row

  /**
   * An Int32Array that grows as numbers are pushed: no boxed numbers, no copy at the
   * end. (Always Int32Array, even for small numbers such as a style: push() is called
   * millions of times, and one array type keeps it fast; mixing types makes the
   * engine's array access generic, which made laying out a million events far slower.)
   */
  class Growable {
    constructor(capacity) { this.array = new Int32Array(Math.max(64, capacity || 0)); this.length = 0; }
    push(value) {
      if (this.length === this.array.length) {
        const bigger = new Int32Array(this.length * 2);
        bigger.set(this.array);
        this.array = bigger;
      }
      this.array[this.length++] = value;
    }
    done() { return this.array.subarray(0, this.length); }
  }

  /** One row of bars and marks. Bars [start, end] are inclusive event indices. */
  class Row {
    /** `size`: about how many bars and marks it will hold, to allocate once. */
    constructor(id, lane, title, size = {}) {
      this.id = id;
      this.lane = lane;    // 'loop', 'selector', 'timers', 'task'
      this.title = title;  // shown in the gutter (first row of a lane), or ''
      this.subtitle = '';
      this.task = 0;       // the task id, for task rows
      const bars = size.bars, marks = size.marks;
      this.bars = [new Growable(bars), new Growable(bars), new Growable(bars), new Growable(bars)];  // start, end, style, ref
      this.marks = [new Growable(marks), new Growable(marks)];  // at, style
    }
    add(start, end, style, ref) {
      if (end < start) return;
      const bars = this.bars;
      bars[0].push(start); bars[1].push(end); bars[2].push(style); bars[3].push(ref);
    }
    mark(at, style) { this.marks[0].push(at); this.marks[1].push(style); }
    /** Freezes the bars (sorted by start) and computes their running max end. */
    finish() {
      let [start, end, style, ref] = this.bars.map((column) => column.done());
      const n = start.length;
      let sorted = true;
      for (let k = 1; k < n; k++) if (start[k] < start[k - 1]) { sorted = false; break; }
      if (!sorted) {  // only the shared last timer row can be out of order
        const order = Array.from(start, (_, k) => k).sort((x, y) => start[x] - start[y]);
        [start, end, style, ref] = [start, end, style, ref].map((column) => column.map((_, k) => column[order[k]]));
      }
      this.start = start; this.end = end; this.style = style; this.ref = ref;
      // maxEnd[k] = the largest end among bars 0..k: it grows with k even where bars
      // overlap, so "the first bar that reaches past event i" is a binary search.
      this.maxEnd = new Int32Array(n);
      let max = -1;
      for (let k = 0; k < n; k++) { if (end[k] > max) max = end[k]; this.maxEnd[k] = max; }
      // What a block of merged bars (narrower than a pixel) is drawn as: the row's most common style.
      const uses = new Map();
      for (let k = 0; k < n; k += Math.max(1, n >> 10)) uses.set(style[k], (uses.get(style[k]) || 0) + 1);
      this.mainStyle = n ? [...uses].sort((x, y) => y[1] - x[1])[0][0] : 0;
      this.markAt = this.marks[0].done();
      this.markStyle = this.marks[1].done();
      this.bars = this.marks = null;
      this.count = n;
    }
    /** The first bar that ends at or after event i. */
    firstEndingFrom(i) {
      let lo = 0, hi = this.count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.maxEnd[mid] < i) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    /** The first bar that starts at or after event i. */
    firstStartingFrom(i) {
      let lo = 0, hi = this.count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.start[mid] < i) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    /** The first mark at or after event i. */
    firstMarkFrom(i) {
      let lo = 0, hi = this.markAt.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.markAt[mid] < i) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
  }

  class Layout {
    constructor(trace) {
      this.trace = trace;
      const n = trace.count;
      this.count = n;
      this.rows = [];
      // How many events of each kind (the reader counted them): to size the rows once
      // instead of growing them.
      const kinds = trace.kindCounts;
      this.kindCounts = kinds;
      this.runtime = trace.count && trace.header.runtime === 'curio' ? 'curio' : 'asyncio';
      const curio = this.runtime === 'curio';
      this.tickWord = curio ? 'cycle' : 'tick';  // what the x axis of ticks counts
      this.loop = curio ? this.row('loop', 'kernel', { bars: 4 * kinds[K['kernel.cycle']] + 1 })
        : this.row('loop', 'loop', { bars: 3 * kinds[K['tick.begin']] + 1 });
      this.loop.subtitle = curio ? 'cycles · phases' : 'ticks · phases';
      this.runs = curio ? null : this.row('loop', '', { bars: kinds[K['handle.run']], marks: kinds[K['handle.skip']] });
      if (this.runs) this.runs.subtitle = 'handles run';
      this.selector = this.row('selector', 'selector', { bars: kinds[K['select']], marks: kinds[K['io.ready']] });
      this.selector.subtitle = 'waits · I/O';
      this.timerRows = [this.row('timers', 'timer heap')];
      this.timerRows[0].subtitle = curio ? 'sleeping tasks' : 'call_at → due';
      this.taskRows = new Map();  // task id → row
      this.futureNew = new Map(); // future id → its future.new event
      this.axes();
      this.scopes();
      if (curio) this.buildKernel(); else this.build();
      for (const row of this.rows) row.finish();
      this.order = [this.loop, ...(this.runs ? [this.runs] : []), this.selector, ...this.timerRows, ...this.taskRows.values()];
      this.finishArrows();
    }

    row(lane, title, size) {
      const row = new Row(this.rows.length, lane, title, size);
      this.rows.push(row);
      return row;
    }

    // ---- the two x axes ----
    // ticks: tick group g spans [groupStart[g], groupStart[g + 1]), its events evenly
    //   inside it. A tick is 1 wide plus its share of the events (1 more for an
    //   average tick): idle ticks stay visible, busy ones get the room they need.
    // time: the loop time (a null time takes the one before).
    // Positions are computed when asked, not stored: on this scale, filling arrays of a
    // million numbers costs more (fresh memory is slow to touch) than the arithmetic.
    axes() {
      const { trace, count: n } = this;
      this.groupFirst = [];  // first event of each tick group
      this.groupTick = [];   // its tick number
      for (let i = 0; i < n; i++) {
        if (i === 0 || trace.tick[i] !== trace.tick[i - 1]) { this.groupFirst.push(i); this.groupTick.push(trace.tick[i]); }
      }
      this.groupFirst.push(n);  // a sentinel: the end of the last group
      const groups = this.groupFirst.length - 1;
      const mean = n / Math.max(groups, 1);
      this.groupStart = new Float64Array(groups + 1);
      for (let g = 0; g < groups; g++) this.groupStart[g + 1] = this.groupStart[g] + 1 + (this.groupFirst[g + 1] - this.groupFirst[g]) / mean;
      this.groups = groups;
      // Ticks are numbered one after the other (every tick writes its tick.begin), so
      // the group of an event is its tick minus the first: no search. (A trace that
      // skips a number, which the format does not forbid, gets the binary search.)
      this.tick0 = this.groupTick[0];
      this.ticksInARow = groups === 0 || this.groupTick[groups - 1] - this.tick0 === groups - 1;
      // Loop times: the trace's own column, unless it has nulls (NaN) to fill in.
      this.times = trace.t.subarray(0, n);
      if (trace.nullTimes > 0) {
        this.times = new Float64Array(n);
        let t = 0;
        for (let i = 0; i < n; i++) { if (!Number.isNaN(trace.t[i])) t = trace.t[i]; this.times[i] = t; }
      }
    }
    /** Where event i starts on an axis ('ticks' or 'time'); i may be `count` (the end). */
    x(axis, i) {
      if (axis === 'time') return this.times[Math.min(i, this.count - 1)];
      if (i >= this.count) return this.groupStart[this.groups];
      const g = this.groupOf(i), first = this.groupFirst[g];
      return this.groupStart[g] + (i - first) / (this.groupFirst[g + 1] - first) * (this.groupStart[g + 1] - this.groupStart[g]);
    }
    /** Where event i ends: on the ticks axis where the next one starts; in loop time it takes none. */
    xEnd(axis, i) { return axis === 'time' ? this.x(axis, i) : this.x(axis, i + 1); }
    /** The range of the axis (two traces side by side share one: compare.js sets `sharedExtent`). */
    extent(axis) {
      if (this.sharedExtent) return this.sharedExtent[axis];
      return axis === 'time' ? [this.times[0], Math.max(this.times[this.count - 1], this.times[0] + 1e-3)]
        : [0, this.groupStart[this.groups]];
    }
    /** The last event that starts at or before position x. */
    eventAt(axis, x) {
      if (axis === 'time') {
        const ts = this.times;
        let lo = 0, hi = this.count;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ts[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return Math.max(0, lo - 1);
      }
      // The tick group holding x, then the event inside it by proportion.
      let lo = 0, hi = this.groups;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.groupStart[mid] <= x) lo = mid + 1; else hi = mid;
      }
      const g = Math.max(0, lo - 1);
      const first = this.groupFirst[g], size = this.groupFirst[g + 1] - first;
      const share = (x - this.groupStart[g]) / (this.groupStart[g + 1] - this.groupStart[g]);
      return Math.min(this.count - 1, first + Math.max(0, Math.min(size - 1, Math.floor(share * size + 1e-9))));
    }
    /** The tick group of event i. */
    groupOf(i) {
      if (this.ticksInARow) return this.trace.tick[i] - this.tick0;
      let lo = 0, hi = this.groups;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.groupFirst[mid] <= i) lo = mid + 1; else hi = mid;
      }
      return lo - 1;
    }

    // ---- causes ----
    // scopeEnd[i]: the last event caused, directly or not, by event i (causes nest,
    // so those are the events right after it). eventRow[i]: the row event i belongs
    // to: its task's row inside a task's step, the loop's otherwise.
    scopes() {
      const { trace, count: n } = this;
      const cause = trace.cause;
      this.scopeEnd = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        this.scopeEnd[i] = i;
        for (let c = cause[i]; c >= 0; c = cause[c]) this.scopeEnd[c] = i;
      }
    }

    /** The row of the task that the task.new event i creates (both runtimes). */
    newTaskRow(trace, i) {
      const e = trace.event(i);
      const row = this.row('task', e.name);
      row.subtitle = e.coro;
      row.task = trace.a[i];
      this.taskRows.set(trace.a[i], row);
      return row;
    }

    taskRow(id) {
      let row = this.taskRows.get(id);
      if (!row) {  // a task the trace never created (a cut trace): give it a row anyway
        row = this.row('task', `Task ${id}`);
        row.task = id;
        this.taskRows.set(id, row);
      }
      return row;
    }

    // ---- one pass over the events ----
    build() {
      const { trace, count: n, scopeEnd } = this;
      const { kind, cause, a } = trace;
      const eventRow = this.eventRow = new Int32Array(n);
      const arrowCount = this.kindCounts[K['handle.run']] + this.kindCounts[K['task.step']];
      const arrows = this.arrowLists = [0, 1, 2, 3, 4].map(() => new Growable(arrowCount));  // from, to, fromRow, toRow, type
      const arrow = (from, to, fromRow, toRow, type) => {
        arrows[0].push(from); arrows[1].push(to); arrows[2].push(fromRow); arrows[3].push(toRow); arrows[4].push(type);
      };
      // Per handle id (ids count from 1 and never exceed the number of events; an id
      // beyond that, which no real trace has, just loses its arrows):
      // what put it in the ready queue (the event; its row × 8 + the arrow type), and
      // for a timer, where its bar starts (-1: not on the heap), its row, if cancelled.
      // (Event indices are kept plus one, so that 0, what fresh memory holds, means none.)
      const queuedFrom = new Int32Array(n + 1), queuedHow = new Int32Array(n + 1);
      const queue = (handle, from, row, type) => { queuedFrom[handle] = from + 1; queuedHow[handle] = row * 8 + type; };
      const timerStart = new Int32Array(n + 1), timerRow = new Int32Array(n + 1);
      const timerCancelled = new Uint8Array(n + 1);
      let timersOpen = 0;
      const timerRowBusy = [false];
      const tasks = new Map();     // task id → {open, openStyle, openRef}: the bar between steps
      let sawTick = false, tickStart = 0, selectPhaseOpen = false, timersStart = -1, timersEnd = -1, readyStart = -1;
      const closeReady = (end) => {
        if (readyStart >= 0) this.loop.add(readyStart, end, S.readyPhase, readyStart);
        readyStart = -1;
      };
      const closeTimer = (handle, end) => {
        if (!(timerStart[handle] > 0)) return;
        const slot = timerRow[handle], start = timerStart[handle] - 1;
        this.timerRows[slot].add(start, end, timerCancelled[handle] ? S.timerCancelled : S.timer, start);
        timerRowBusy[slot] = false;
        timerStart[handle] = 0;
        timersOpen--;
      };

      for (let i = 0; i < n; i++) {
        const k = kind[i];
        const c = cause[i];
        // The row of the context: a task's step (or its done-callbacks), else the loop.
        let row = this.runs.id;
        if (c >= 0) {
          // (A task.step or task.done is on its task's row, set when it was met.)
          const ck = kind[c];
          if (ck === K['task.step'] || ck === K['task.done'] || ck === K['future.resolve']) row = eventRow[c];
        }
        eventRow[i] = row;

        switch (k) {
          case K['trace.begin']:
            break;
          case K['tick.begin']:
            closeReady(i - 1);
            if (!sawTick) this.loop.add(0, i - 1, S.tick, 0);  // what the program did before the loop ran
            sawTick = true;
            tickStart = i;
            selectPhaseOpen = true;
            eventRow[i] = this.loop.id;
            for (const handle of trace.list(i)) closeTimer(handle, i);
            break;
          case K['select']:
            if (selectPhaseOpen) this.loop.add(tickStart, i, S.selectPhase, i);
            selectPhaseOpen = false;
            this.selector.add(tickStart, i, S.select, i);
            eventRow[i] = this.selector.id;
            break;
          case K['io.ready']:
            if (c < 0) { if (timersStart < 0) timersStart = i; timersEnd = i; }
            this.selector.mark(i, M.io);
            eventRow[i] = this.selector.id;
            for (const handle of trace.list(i)) queue(handle, i, this.selector.id, A.io);
            break;
          case K['timer.due']: {
            if (c < 0) { if (timersStart < 0) timersStart = i; timersEnd = i; }
            const rowId = this.timerRows[timerStart[a[i]] > 0 ? timerRow[a[i]] : 0].id;
            closeTimer(a[i], i);
            eventRow[i] = rowId;
            queue(a[i], i, rowId, A.timer);
            break;
          }
          case K['call_at']: {
            const slot = this.timerSlot(timerRowBusy);
            timerStart[a[i]] = i + 1;
            timerRow[a[i]] = slot;
            timerCancelled[a[i]] = 0;
            timersOpen++;
            break;
          }
          case K['handle.cancel']: {
            if (timerStart[a[i]] > 0) timerCancelled[a[i]] = 1;
            break;
          }
          case K['call_soon']: {
            // Queued by a future's resolution (or a task's end): that is a wakeup.
            const wake = c >= 0 && (kind[c] === K['future.resolve'] || kind[c] === K['task.done']);
            if (wake) queue(a[i], c, eventRow[c], A.wake); else queue(a[i], i, row, A.schedule);
            break;
          }
          case K['handle.run']:
          case K['handle.skip']: {
            if (timersStart >= 0) this.loop.add(timersStart, timersEnd, S.timersPhase, timersStart);
            timersStart = -1;
            if (readyStart < 0 && c < 0) readyStart = i;
            const from = queuedFrom[a[i]] - 1, how = queuedHow[a[i]];
            queuedFrom[a[i]] = 0;
            eventRow[i] = this.runs.id;
            if (k === K['handle.skip']) { this.runs.mark(i, M.skip); break; }
            this.runs.add(i, scopeEnd[i], S.run, i);
            if (from >= 0) arrow(from, i, how >> 3, this.runs.id, how & 7);
            break;
          }
          case K['task.new']: {
            this.newTaskRow(trace, i);
            tasks.set(a[i], { open: i, style: S.pending, ref: i, stepEnd: -1 });
            break;
          }
          case K['task.step']: {
            const taskRow = this.taskRow(a[i]);
            let task = tasks.get(a[i]);
            if (!task) tasks.set(a[i], task = { open: -1, style: S.await, ref: i, stepEnd: -1 });
            if (task.open >= 0) taskRow.add(task.open, i - 1, task.style, task.ref);
            taskRow.add(i, scopeEnd[i], S.step, i);
            task.open = -1;
            task.stepEnd = scopeEnd[i];
            eventRow[i] = taskRow.id;
            if (c >= 0 && kind[c] === K['handle.run']) arrow(c, i, this.runs.id, taskRow.id, A.step);
            break;
          }
          case K['task.suspend']: {
            const taskRow = this.taskRow(a[i]);
            let task = tasks.get(a[i]);
            if (!task) tasks.set(a[i], task = { open: -1, style: S.await, ref: i, stepEnd: -1 });
            // What it awaits starts when its step is over (after the step's last event).
            task.open = task.stepEnd >= i ? task.stepEnd + 1 : i + 1;
            task.style = trace.flag[i] === 1 ? S.await : S.yield;
            task.ref = i;
            eventRow[i] = taskRow.id;
            break;
          }
          case K['task.done']: {
            const taskRow = this.taskRow(a[i]);
            if (tasks.has(a[i])) tasks.get(a[i]).open = -1;
            taskRow.mark(i, trace.flag[i] === 1 ? M.done : M.failed);
            eventRow[i] = taskRow.id;
            break;
          }
          case K['future.new']:
            this.futureNew.set(a[i], i);
            break;
          case K['print']:
            this.rows[row].mark(i, M.print);
            break;
          case K['loop.exception']:
            this.runs.mark(i, M.exception);
            break;
        }
      }
      closeReady(n - 1);
      if (!sawTick) this.loop.add(0, n - 1, S.tick, 0);
      for (let handle = 0; timersOpen > 0 && handle <= n; handle++) closeTimer(handle, n - 1);
      for (const [id, task] of tasks) if (task.open >= 0) this.taskRow(id).add(task.open, n - 1, task.style, task.ref);
    }

    // Arrows in typed arrays, sorted by their end (`to`), with the smallest `from` of
    // each arrow onwards, so the visible ones are found without scanning them all.
    finishArrows() {
      const [from, to, fromRow, toRow, type] = this.arrowLists.map((column) => column.done());
      this.arrowLists = null;
      this.arrowFrom = from;
      this.arrowTo = to;
      this.arrowFromRow = fromRow;
      this.arrowToRow = toRow;
      this.arrowType = type;
      const n = from.length;
      this.arrowMinFrom = new Int32Array(n);
      let min = 0x7fffffff;
      for (let k = n - 1; k >= 0; k--) { if (from[k] < min) min = from[k]; this.arrowMinFrom[k] = min; }
      this.arrowCount = n;
    }
    /** The first arrow whose end is at or after event i. */
    firstArrowTo(i) {
      let lo = 0, hi = this.arrowCount;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.arrowTo[mid] < i) lo = mid + 1; else hi = mid;
      }
      return lo;
    }

    // ---- names, for labels ----
    /** "Task-2" or "Future-6 (sleep)" for an id of a task or future. */
    name(id) {
      const row = this.taskRows.get(id);
      if (row) return row.title;
      const created = this.futureNew.get(id);
      return created === undefined ? `Future-${id}` : `Future-${id} (${this.trace.event(created).label})`;
    }
    /** A timer row for a new timer (stacked up to MAX_TIMER_ROWS; more share the last). */
    timerSlot(busy) {
      let slot = busy.indexOf(false);
      if (slot < 0 && this.timerRows.length < MAX_TIMER_ROWS) {
        slot = this.timerRows.length;
        this.timerRows.push(this.row('timers', ''));
        busy.push(false);
      }
      if (slot < 0) slot = MAX_TIMER_ROWS - 1;
      busy[slot] = true;
      return slot;
    }
    /** The words on a bar. */
    label(row, k) {
      const style = STYLE_NAMES[row.style[k]];
      const ref = row.ref[k];
      const e = () => this.trace.event(ref);
      switch (style) {
        case 'step': { const s = e(); return s.mode === 'throw' ? `step: throw ${s.exception}` : 'step'; }
        case 'await': return `await ${this.name(e().future)}`;
        case 'yield': return 'yield: sleep(0)';
        case 'pending': return 'pending';
        case 'run': case 'timer': case 'timerCancelled': return e().callback;
        case 'select': {
          const s = e();
          return s.timeout === null ? 'wait for I/O' : s.timeout > 0 ? `wait ${Coolio.seconds(s.timeout)} s` : 'poll';
        }
        case 'tick': return this.runtime === 'curio' ? 'before the kernel runs' : 'before the loop';
        case 'resume': { const s = e(); return s.mode === 'throw' ? `run: throw ${s.exception}` : 'run'; }
        case 'parked': { const s = e(); return `parked: ${s.on}${s.until !== undefined ? ' until ' + Coolio.seconds(s.until) + ' s' : ''}`; }
        case 'woken': return 'ready (woken)';
        case 'sleep': { const s = e(); return `${s.name} sleeps until ${Coolio.seconds(s.until)} s`; }
        case 'ioPhase': return 'io';
        case 'timePhase': return 'time';
        case 'runPhase': return 'run';
        case 'selectPhase': return 'select';
        case 'timersPhase': return 'timers';
        case 'readyPhase': return 'ready';
        default: return '';
      }
    }
  }

  Coolio.Layout = Layout;
  Coolio.LAYOUT_CODES = { S, M, A, K, Growable };  // style, mark, arrow and kind numbers, for layout_kernel.js
  Coolio.STYLE_NAMES = STYLE_NAMES;
  Coolio.MARK_NAMES = MARK_NAMES;
  Coolio.ARROW_NAMES = ARROW_NAMES;
})(globalThis.Coolio = globalThis.Coolio || {});

// state.js — what the loop holds after each event: the state model.
//
// The rules are those of the C++ stepper (tracer/src/state.cpp, docs/state-model.md):
// the state after event N is the fold of events 0..N, and a browser test checks that
// this fold gives, after every event of the golden traces, exactly the JSON that
// `coolio-trace show TRACE --states` prints.
//
// To fold a million events quickly, the fold reads only the trace's number columns
// (trace.js). Texts (a callback, a task's name, an await chain) are kept as the index
// of the event that wrote them, and looked up only when the state is shown: toJSON().
(function (Coolio) {
  'use strict';

  const K = Coolio.KIND;
  const OUTCOMES = Coolio.FLAGS.outcome;  // flag 1, 2, 3 → 'result', 'exception', 'cancelled'

  /** Event i of `trace` contradicts the state: "FILE:LINE: problem". */
  function fail(trace, i, problem) { throw new Coolio.TraceError(trace.name, i + 1, problem); }

  /** The loop's state after event `seq`. Fields hold ids, numbers and event indices. */
  class LoopState {
    constructor() {
      this.seq = -1;  // no event folded yet
      this.ready = [];   // {handle, ref, cancelled}: ref = the event whose "callback" it is
      this.timers = [];  // {handle, ref, when, cancelled}, soonest first
      this.tasks = [];   // {task, ref (its task.new), state, waitingOn, chainRef, outcome, steps, callbacks}
      this.futures = []; // {future, ref (its future.new), state, callbacks}
      this.fds = [];     // {fd, reader, writer}: refs of io.watch events, or -1
      this.current = { handle: null, task: null };
      this.byId = new Map();     // task or future id → its entry (they share ids)
      // curio's kernel (a trace whose header says runtime "curio"): no handles, the
      // tasks themselves wait in the ready queue; a parked task keeps the event that
      // parked it (parkRef: its task.park, whose "on" says where).
      this.curio = false;
      this.readyTasks = [];  // task ids, front first
      this.handlesMade = 0;      // the highest handle id call_soon, call_at or io.watch gave
    }

    /** A copy that later folds do not change. */
    clone() {
      const copy = new LoopState();
      copy.seq = this.seq;
      copy.ready = this.ready.map((h) => ({ ...h }));
      copy.timers = this.timers.map((h) => ({ ...h }));
      copy.tasks = this.tasks.map((task) => ({ ...task, callbacks: task.callbacks.slice() }));
      copy.futures = this.futures.map((future) => ({ ...future, callbacks: future.callbacks.slice() }));
      copy.fds = this.fds.map((fd) => ({ ...fd }));
      copy.current = { ...this.current };
      copy.curio = this.curio;
      copy.readyTasks = this.readyTasks.slice();
      copy.handlesMade = this.handlesMade;
      for (const task of copy.tasks) copy.byId.set(task.task, task);
      for (const future of copy.futures) copy.byId.set(future.future, future);
      return copy;
    }

    /** How many entries it holds: what a copy costs. */
    get size() { return this.ready.length + this.timers.length + this.tasks.length + this.futures.length + this.readyTasks.length; }

    /**
     * Folds event i of `trace` (the next one) into this state. An event that
     * contradicts the state (the run of a handle that is not at the front of the ready
     * queue, a step of a task never created…) throws a TraceError "FILE:LINE: problem"
     * with the words of the C++ fold (state.cpp), before changing anything.
     */
    apply(trace, i) {
      const kind = trace.kind[i];
      const a = trace.a[i];
      switch (kind) {
        case K['trace.begin']:
          this.curio = trace.event(i).runtime === 'curio';
          break;
        case K['tick.begin']: {
          const dropped = trace.list(i);
          for (const handle of dropped)
            if (!this.timers.some((h) => h.handle === handle)) fail(trace, i, `tick.begin drops timer handle ${handle}, which is not on the timer heap`);
          this.current.handle = null;
          if (dropped.length) this.timers = this.timers.filter((h) => !dropped.includes(h.handle));
          break;
        }
        case K['io.ready']: {
          // The callback each handle runs is the one its descriptor's io.watch registered.
          const refs = trace.list(i).map((handle) => {
            for (const fd of this.fds) {
              if (fd.reader >= 0 && trace.a[fd.reader] === handle) return fd.reader;
              if (fd.writer >= 0 && trace.a[fd.writer] === handle) return fd.writer;
            }
            return fail(trace, i, `io.ready queues handle ${handle}, which no io.watch registered for fd ${a}`);
          });
          for (const ref of refs) this.ready.push({ handle: trace.a[ref], ref, cancelled: false });
          break;
        }
        case K['io.watch']: {
          this.madeHandle(trace.a[i]);
          let fd = this.fds.find((f) => f.fd === trace.b[i]);
          if (!fd) {
            fd = { fd: trace.b[i], reader: -1, writer: -1 };
            this.fds.push(fd);
            this.fds.sort((x, y) => x.fd - y.fd);
          }
          // flag: 1 'r', 2 'w', 3 'rw' (trace.js FLAGS.events): bit 1 read, bit 2 write.
          if (trace.flag[i] & 1) fd.reader = i;
          if (trace.flag[i] & 2) fd.writer = i;
          break;
        }
        case K['io.unwatch']: {
          const fd = this.fds.find((f) => f.fd === trace.b[i]);
          if (!fd) fail(trace, i, `io.unwatch of fd ${trace.b[i]}, which is not watched`);
          if (trace.flag[i] & 1) fd.reader = -1;
          if (trace.flag[i] & 2) fd.writer = -1;
          if (fd.reader < 0 && fd.writer < 0) this.fds = this.fds.filter((f) => f !== fd);
          break;
        }
        case K['timer.due']: {
          const at = this.timers.findIndex((h) => h.handle === a);
          if (at < 0) fail(trace, i, `timer.due for handle ${a} (${trace.event(i).callback}), which is not on the timer heap`);
          const timer = this.timers.splice(at, 1)[0];
          this.ready.push({ handle: a, ref: timer.ref, cancelled: timer.cancelled });
          break;
        }
        case K['call_soon']:
          this.madeHandle(a);
          this.ready.push({ handle: a, ref: i, cancelled: false });
          break;
        case K['call_at']: {
          this.madeHandle(a);
          const timer = { handle: a, ref: i, when: trace.num[i], cancelled: false };
          // Soonest first; equal times by handle id (the order they were scheduled).
          let at = this.timers.length;
          while (at > 0 && (this.timers[at - 1].when > timer.when ||
            (this.timers[at - 1].when === timer.when && this.timers[at - 1].handle > timer.handle))) at--;
          this.timers.splice(at, 0, timer);
          break;
        }
        case K['handle.run']:
          this.popFront(trace, i, 'handle.run');
          this.current.handle = a;
          break;
        case K['handle.skip']:
          this.popFront(trace, i, 'handle.skip');
          this.current.handle = null;
          break;
        case K['handle.cancel']:
          // (A handle that already ran may still be cancelled; one never made may not.)
          if (a === 0 || a > this.handlesMade)
            fail(trace, i, `handle.cancel of handle ${a} (${trace.event(i).callback}), which no call_soon, call_at or io.watch made`);
          for (const h of this.ready) if (h.handle === a) h.cancelled = true;
          for (const h of this.timers) if (h.handle === a) h.cancelled = true;
          break;
        case K['task.new']: {
          this.claim(trace, i, 'task.new');
          const task = { task: a, ref: i, state: 'pending', waitingOn: null, chainRef: -1, outcome: null, steps: 0, callbacks: [], parkRef: -1 };
          this.tasks.push(task);
          this.byId.set(a, task);
          if (this.curio) this.readyTasks.push(a);  // the kernel's new tasks are ready at once
          break;
        }
        // ---- curio's kernel: tasks go through the ready queue themselves ----
        case K['kernel.cycle']:
          this.current.task = null;
          break;
        case K['trap']:
          this.runningTask(trace, i, 'trap');
          break;
        case K['task.resume']: {
          // Taken from the front of the ready queue, or going on after a trap that did not block.
          const task = this.knownTask(trace, i, 'task.resume');
          const name = () => trace.event(task.ref).name;
          if (task.state === 'done') fail(trace, i, `task.resume for ${name()}, which is already done`);
          if (trace.flag[i] === 2) {  // via "trap"
            if (this.current.task !== a) fail(trace, i, `task.resume via trap for ${name()}, which is not running`);
          } else {
            if (!this.readyTasks.length || this.readyTasks[0] !== a)
              fail(trace, i, `task.resume for ${name()}, which is not at the front of the ready queue`);
            this.readyTasks.shift();
          }
          task.state = 'running';
          task.steps++;
          this.current.task = a;
          break;
        }
        case K['task.park']: {
          const task = this.runningTask(trace, i, 'task.park');
          task.state = 'suspended';
          task.parkRef = i;
          this.current.task = null;
          break;
        }
        case K['task.wake']: {
          const task = this.knownTask(trace, i, 'task.wake');
          if (task.state === 'done') fail(trace, i, `task.wake for ${trace.event(task.ref).name}, which is already done`);
          task.state = 'suspended';  // until the kernel resumes it
          task.parkRef = -1;
          this.readyTasks.push(a);
          if (this.current.task === a) this.current.task = null;  // sleep(0): its turn ends
          break;
        }
        case K['task.step']: {
          const task = this.knownTask(trace, i, 'task.step');
          const name = () => trace.event(task.ref).name;  // (parsed only for a message)
          if (task.state === 'done') fail(trace, i, `task.step for ${name()}, which is already done`);
          if (task.state === 'running') fail(trace, i, `task.step for ${name()}, which is already running`);
          if (this.current.task !== null) fail(trace, i, `task.step for ${name()} while ${this.nameOf(trace, this.current.task)} is still running`);
          task.state = 'running';
          task.waitingOn = null;
          task.steps++;
          this.current.task = a;
          break;
        }
        case K['task.suspend']: {
          const task = this.runningTask(trace, i, 'task.suspend');
          if (trace.b[i] && !this.byId.has(trace.b[i]))
            fail(trace, i, `task.suspend of ${trace.event(task.ref).name} on future ${trace.b[i]}, which no future.new or task.new created`);
          task.state = 'suspended';
          task.waitingOn = trace.b[i] || null;  // 0: the trace wrote null (a yield)
          task.chainRef = i;
          this.current.task = null;
          break;
        }
        case K['task.done']: {
          const task = this.knownTask(trace, i, 'task.done');
          if (task.state === 'done') fail(trace, i, `task.done for ${trace.event(task.ref).name}, which is already done`);
          task.state = 'done';
          task.outcome = OUTCOMES[trace.flag[i] - 1] || null;
          task.waitingOn = null;
          task.chainRef = -1;
          task.callbacks = [];  // they are queued now: the call_soon events that follow
          if (this.current.task === a) this.current.task = null;
          break;
        }
        case K['future.new']: {
          this.claim(trace, i, 'future.new');
          const future = { future: a, ref: i, state: 'pending', callbacks: [] };
          this.futures.push(future);
          this.byId.set(a, future);
          break;
        }
        case K['future.resolve']: {
          const future = this.byId.get(a);
          if (!future || !('future' in future)) fail(trace, i, `future.resolve for future ${a}, which no future.new created`);
          if (future.state !== 'pending') fail(trace, i, `future.resolve for Future-${a}, which is already resolved`);
          future.state = OUTCOMES[trace.flag[i] - 1] || future.state;
          future.callbacks = [];  // they are queued now: the call_soon events that follow
          break;
        }
        case K['future.callback']: {
          const owner = this.byId.get(a);
          if (!owner) fail(trace, i, `future.callback for future ${a}, which no future.new or task.new created`);
          const token = trace.b[i];
          if (trace.flag[i] === 1) {
            // Added to a future that is already done, a callback is queued at once (the
            // call_soon that follows) and never waits.
            const pending = 'task' in owner ? owner.state !== 'done' : owner.state === 'pending';
            if (pending) owner.callbacks.push({ token, ref: i });
          } else {
            const at = owner.callbacks.findIndex((c) => c.token === token);
            if (at < 0) fail(trace, i, `future.callback removes token ${token} from ${this.nameOf(trace, a)}, which has no pending callback with that token`);
            owner.callbacks.splice(at, 1);
          }
          break;
        }
      }
      this.seq = i;
    }

    // ---- the checks of apply(), as in state.cpp; they throw before changing anything ----
    /** "Task-2" for a task id, "Future-6" for another (as task_name() in C++). */
    nameOf(trace, id) {
      const entry = this.byId.get(id);
      return entry && 'task' in entry ? trace.event(entry.ref).name : `Future-${id}`;
    }
    /** The task event i is about, which a task.new must have created. */
    knownTask(trace, i, what) {
      const task = this.byId.get(trace.a[i]);
      if (!task || !('task' in task)) fail(trace, i, `${what} for task ${trace.a[i]}, which no task.new created`);
      return task;
    }
    /** The task event i is about, which must be running. */
    runningTask(trace, i, what) {
      const task = this.knownTask(trace, i, what);
      if (task.state !== 'running')
        fail(trace, i, `${what} for ${trace.event(task.ref).name}, which is not running (it is ${task.state})`);
      return task;
    }
    madeHandle(id) { if (id > this.handlesMade) this.handlesMade = id; }
    /** Checks that the id event i creates is new. */
    claim(trace, i, what) {
      const id = trace.a[i];
      if (id === 0) fail(trace, i, 'future and task ids start at 1');
      // Ids count up from 1, one per task or future, each made by its own event.
      if (id > i) fail(trace, i, `${what} for id ${id}, more than the events before it could have made (ids count up from 1, one per task or future)`);
      if (this.byId.has(id)) fail(trace, i, `${what} for id ${id}, which ${this.nameOf(trace, id)} already has`);
    }
    /** handle.run and handle.skip take the handle at the front of the ready queue. */
    popFront(trace, i, what) {
      const id = trace.a[i], callback = () => trace.event(i).callback;
      if (!this.ready.length)
        fail(trace, i, `${what} of handle ${id} (${callback()}), but the ready queue is empty`);
      const front = this.ready[0];
      if (front.handle !== id) {
        fail(trace, i, `${what} of handle ${id} (${callback()}), but the front of the ready ` +
          `queue is handle ${front.handle} (${trace.event(front.ref).callback})`);
      }
      this.ready.shift();
    }

    /**
     * The state in the fixed JSON shape of `coolio-trace show --states`. With `limit`
     * (for showing a huge state): at most that many ready handles and timers (the
     * first), tasks (the last) and futures (pending ones only, the first), and `counts`.
     */
    toJSON(trace, limit) {
      const callback = (ref) => trace.event(ref).callback;
      const i = this.seq;
      let { ready, timers, tasks, futures } = this;
      let counts;
      if (limit !== undefined) {
        counts = { readyTasks: this.readyTasks.length, ready: ready.length, timers: timers.length, tasks: tasks.length, futures: futures.length, pending: 0 };
        const pending = [];
        for (const future of futures) if (future.state === 'pending') { counts.pending++; if (pending.length < limit) pending.push(future); }
        ready = ready.slice(0, limit);
        timers = timers.slice(0, limit);
        tasks = tasks.slice(-limit);
        futures = pending;
      }
      const json = {
        seq: i,
        tick: trace.tick[i],
        t: Number.isNaN(trace.t[i]) ? null : trace.t[i],
        ready: ready.map((h) => ({ handle: h.handle, callback: callback(h.ref), cancelled: h.cancelled })),
        timers: timers.map((h) => ({ handle: h.handle, callback: callback(h.ref), when: h.when, cancelled: h.cancelled })),
        tasks: tasks.map((task) => taskJSON(task, trace, this.curio)),
        futures: futures.map((future) => ({
          future: future.future,
          label: trace.event(future.ref).label,
          state: future.state,
          callbacks: future.callbacks.map((c) => callback(c.ref)),
        })),
        fds: this.fds.map((fd) => ({
          fd: fd.fd,
          reader: fd.reader >= 0 ? callback(fd.reader) : null,
          writer: fd.writer >= 0 ? callback(fd.writer) : null,
        })),
      };
      if (this.curio) json.ready_tasks = limit !== undefined ? this.readyTasks.slice(0, limit) : this.readyTasks.slice();
      Object.assign(json, {
        current: { handle: this.current.handle, task: this.current.task },
      });
      if (counts) json.counts = counts;
      return json;
    }
  }

  function taskJSON(task, trace, curio) {
    const created = trace.event(task.ref);
    const json = {
      task: task.task,
      name: created.name,
      coro: created.coro,
      state: task.state,
      waiting_on: task.waitingOn,
      chain: task.chainRef >= 0 ? trace.event(task.chainRef).chain : [],
      outcome: task.outcome,
      steps: task.steps,
      callbacks: task.callbacks.map((c) => trace.event(c.ref).callback),
    };
    // What the kernel parked it on (a curio task has no future to wait on).
    if (curio) json.parked_on = task.parkRef >= 0 ? trace.event(task.parkRef).on : null;
    return json;
  }

  /**
   * The state after any event, without folding the whole trace each time: the state
   * last asked for is kept (stepping forward folds one event), and copies are kept
   * along the way as checkpoints (stepping back starts from the nearest one). As in the
   * C++ Timeline, a checkpoint is taken once at least INTERVAL events and at least as
   * many events as the state has entries have passed, so that all checkpoints together
   * take memory in proportion to the trace.
   */
  class StateModel {
    constructor(trace) {
      this.trace = trace;
      this.checkpoints = [];  // states, by seq ascending
      this.state = new LoopState();
      this.furthest = -1;  // the last event folded into a checkpointed run
      this.error = null;   // the TraceError of the first event that contradicts the state
      this.lastGood = trace.count - 1;  // the last event whose state can be given
    }

    /**
     * The state after event `seq` (a shared object: clone() it to keep it). Past an
     * event that contradicts the state, the state before that event: check `error`.
     */
    at(seq) {
      seq = Math.max(0, Math.min(seq, this.lastGood));
      if (seq < this.state.seq) {
        // Back: the nearest checkpoint at or before seq, or the start.
        let lo = 0, hi = this.checkpoints.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (this.checkpoints[mid].seq <= seq) lo = mid + 1; else hi = mid;
        }
        this.state = lo > 0 ? this.checkpoints[lo - 1].clone() : new LoopState();
      }
      const trace = this.trace;
      let last = this.checkpoints.length ? this.checkpoints[this.checkpoints.length - 1].seq : -1;
      for (let i = this.state.seq + 1; i <= seq; i++) {
        try {
          this.state.apply(trace, i);
        } catch (error) {
          if (!(error instanceof Coolio.TraceError)) throw error;
          this.error = error;
          this.lastGood = i - 1;
          break;
        }
        if (i > this.furthest) {
          this.furthest = i;
          if (i - last >= Math.max(StateModel.INTERVAL, this.state.size)) {
            this.checkpoints.push(this.state.clone());
            last = i;
          }
        }
      }
      return this.state;
    }
  }
  StateModel.INTERVAL = 2048;

  Coolio.LoopState = LoopState;
  Coolio.StateModel = StateModel;
})(globalThis.Coolio = globalThis.Coolio || {});

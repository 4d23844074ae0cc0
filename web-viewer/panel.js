// panel.js — the side panel of step mode: the event under the cursor, what it means,
// and what the loop holds right after it (ready queue, timer heap, tasks and their
// await chains, futures, watched descriptors).
//
// Every text that comes from a trace is put on the page with textContent, never as
// HTML: a task named "<img onerror=…>" is shown as those characters and runs nothing.
(function (Coolio) {
  'use strict';

  const LIMIT = 60;  // rows shown per list; a million-event trace can hold many futures

  /** Makes an element with text content (never HTML), optional class and children. */
  function el(tag, className, text, children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (children) for (const child of children) if (child) node.appendChild(child);
    return node;
  }

  class Panel {
    /** options.onJump(seq): the reader clicked a link to another event. */
    constructor(root, options) {
      this.root = root;
      this.options = options;
      this.card = root.querySelector('.event-card');
      this.stateBox = root.querySelector('.state');
    }

    show(trace, layout, seq, state) {
      const e = trace.event(seq);
      this.card.replaceChildren(...this.eventCard(trace, layout, seq, e));
      this.stateBox.replaceChildren(...this.stateView(trace, layout, state, seq, e));
    }

    eventCard(trace, layout, seq, e) {
      const names = (id) => layout.name(id);
      const parts = [];
      parts.push(el('div', 'kind-badge', e.kind));
      parts.push(el('h2', 'headline', Coolio.headline(e, names)));
      const meta = `event ${seq} of ${trace.count - 1} · tick ${e.tick} · loop time ${Coolio.seconds(e.t)} s`;
      parts.push(el('div', 'meta', meta));
      // The chain of causes: which handle run, task step or resolution this happened in.
      if (e.cause !== undefined) {
        const chain = el('div', 'causes', null, [el('span', 'label', 'because of ')]);
        let c = e.cause, first = true;
        while (c !== undefined && c >= 0) {
          const cause = trace.event(c);
          if (!first) chain.appendChild(el('span', 'sep', ' ← inside '));
          chain.appendChild(this.link(c, `#${c} ${Coolio.headline(cause, names)}`));
          first = false;
          c = cause.cause;
        }
        parts.push(chain);
      }
      const explanation = Coolio.explain(e, Coolio.lang, trace.event(0).runtime);
      if (explanation.text) {
        parts.push(el('p', 'explanation', explanation.text));
        if (explanation.asyncio) parts.push(el('div', 'asyncio', null, [el('span', 'label', 'asyncio: '), el('code', null, explanation.asyncio)]));
      }
      // The event's own fields, as the trace wrote them.
      const fields = el('table', 'fields');
      for (const [key, value] of Object.entries(e)) {
        if (key === 'seq' || key === 'tick' || key === 't' || key === 'kind') continue;
        fields.appendChild(el('tr', null, null, [el('th', null, key), el('td', null, JSON.stringify(value))]));
      }
      parts.push(el('details', 'raw', null, [el('summary', null, 'fields of this event'), fields]));
      return parts;
    }

    link(seq, text) {
      const a = el('a', 'event-link', text);
      a.href = '#seq=' + seq;
      a.addEventListener('click', (event) => { event.preventDefault(); this.options.onJump(seq); });
      return a;
    }

    stateView(trace, layout, state, seq, e) {
      if (state.curio) return this.kernelView(trace, layout, state, seq, e);
      const json = state.toJSON(trace, LIMIT);
      const counts = json.counts;
      const names = (id) => layout.name(id);
      const out = [el('h3', 'state-title', Coolio.label('viewer.state_title', state.seq))];
      // Past an event that contradicts the state (a broken trace), the last good state.
      if (state.seq !== seq) out.push(el('div', 'state-stale', `event ${state.seq + 1} contradicts the loop's state (see the message above): this is the state before it`));

      const current = [];
      if (json.current.handle !== null) current.push(`running handle ${json.current.handle}`);
      if (json.current.task !== null) current.push(`stepping ${names(json.current.task)}`);
      out.push(el('div', 'running-now', current.length ? current.join(' · ') : Coolio.label('viewer.no_callback')));

      // Entries that this very event added or changed are marked "new".
      const fresh = (ref) => ref === seq;
      out.push(section(Coolio.label('viewer.ready_queue', counts.ready), Coolio.label('viewer.ready_hint'),
        json.ready.map((h, k) => el('li', cls(fresh(state.ready[k].ref), h.cancelled), null, [
          el('span', 'id', `#${h.handle}`), el('span', 'text', h.callback), h.cancelled ? el('span', 'tag', 'cancelled') : null,
        ])), 'ol', counts.ready));
      out.push(section(Coolio.label('viewer.timer_heap', counts.timers), Coolio.label('viewer.timer_hint'),
        json.timers.map((h, k) => el('li', cls(fresh(state.timers[k].ref), h.cancelled), null, [
          el('span', 'when', `at ${Coolio.seconds(h.when)} s`), el('span', 'text', h.callback),
          h.cancelled ? el('span', 'tag', 'cancelled') : null,
        ])), 'ol', counts.timers));

      const tasks = el('table', 'tasks');
      tasks.appendChild(el('tr', null, null, ['task', 'state', 'steps', 'awaits', 'await chain'].map((h) => el('th', null, h))));
      const touched = e.task !== undefined ? e.task : -1;
      for (const task of json.tasks) {
        const state = task.state === 'done' ? `done: ${task.outcome}` : task.state;
        const awaits = task.waiting_on === null ? '' : names(task.waiting_on);
        tasks.appendChild(el('tr', task.task === touched ? 'fresh' : '', null, [
          el('td', 'name', null, [el('strong', null, task.name), el('span', 'coro', ` ${task.coro}()`)]),
          el('td', null, null, [el('span', 'state-badge state-' + task.state, state)]),
          el('td', 'num', task.steps),
          el('td', null, awaits),
          el('td', 'chain', task.chain.join(' → ')),
        ]));
      }
      out.push(section(Coolio.label('viewer.tasks', counts.tasks),
        counts.tasks > LIMIT ? Coolio.label('viewer.tasks_last', LIMIT) : Coolio.label('viewer.tasks_hint'), [tasks], 'div'));

      out.push(section(Coolio.label('viewer.futures', counts.pending, counts.futures), Coolio.label('viewer.futures_hint'),
        json.futures.map((f) => el('li', '', null, [
          el('span', 'id', names(f.future)),
          el('span', 'text', f.callbacks.length ? ' → ' + f.callbacks.join(', ') : ' (no callback yet)'),
        ])), 'ul', counts.pending));

      // The selector: each registered descriptor, what it waits for (its interest: read,
      // write or both) and the callback that waits to be queued when it becomes ready.
      out.push(section(Coolio.label('viewer.fds', json.fds.length), Coolio.label('viewer.fds_hint'),
        json.fds.map((fd, k) => {
          const entry = state.fds[k];
          const interest = fd.reader !== null && fd.writer !== null ? 'read+write' : fd.reader !== null ? 'read' : 'write';
          const waiting = [fd.reader !== null ? `on read: ${fd.reader}` : '', fd.writer !== null ? `on write: ${fd.writer}` : '']
            .filter(Boolean).join(' · ');
          return el('li', cls(entry.reader === seq || entry.writer === seq, false), null, [
            el('span', 'id', `fd ${fd.fd}`), el('span', 'tag interest', interest), el('span', 'text', waiting),
          ]);
        }), 'ul'));
      return out;
    }
  }

  /**
   * curio's kernel after an event: its ready queue (tasks, not handles), the sleeping
   * tasks (its timer heap), the wait queues and descriptors the other tasks are parked
   * on, and the tasks. The same facts as the loop's view, in the kernel's terms.
   */
  Panel.prototype.kernelView = function kernelView(trace, layout, state, seq, e) {
    const json = state.toJSON(trace, LIMIT);
    const counts = json.counts;
    const names = (id) => layout.name(id);
    const out = [el('h3', 'state-title', `The kernel after event ${state.seq}`)];
    if (state.seq !== seq) out.push(el('div', 'state-stale', `event ${state.seq + 1} contradicts the kernel's state (see the message above): this is the state before it`));
    out.push(el('div', 'running-now', json.current.task !== null ? `running ${names(json.current.task)}` : 'no task is running'));
    const touched = e.task !== undefined ? e.task : -1;
    out.push(section(`Ready queue (${counts.readyTasks})`, 'tasks, front first: the order the run phase resumes them',
      json.ready_tasks.map((id) => el('li', id === touched ? 'fresh' : '', null, [el('span', 'text', names(id))])), 'ol', counts.readyTasks));
    // Parked tasks, by what they are parked on: the timer heap, a descriptor, a wait queue.
    const sleeping = [], fds = [], queues = new Map();
    json.tasks.forEach((task, k) => {
      if (task.parked_on === null) return;
      const entry = state.tasks[state.tasks.length - json.tasks.length + k];
      if (task.parked_on === 'timer') sleeping.push({ task, until: trace.event(entry.parkRef).until, fresh: entry.parkRef === seq });
      else if (task.parked_on.startsWith('fd ')) fds.push({ task, fresh: entry.parkRef === seq });
      else {
        if (!queues.has(task.parked_on)) queues.set(task.parked_on, []);
        queues.get(task.parked_on).push({ task, fresh: entry.parkRef === seq, since: entry.parkRef });
      }
    });
    sleeping.sort((x, y) => (x.until ?? Infinity) - (y.until ?? Infinity));
    for (const list of queues.values()) list.sort((x, y) => x.since - y.since);  // first parked first
    out.push(section(`Sleeping tasks: the timer heap (${sleeping.length})`, 'soonest first',
      sleeping.map((s) => el('li', cls(s.fresh, false), null, [
        el('span', 'when', s.until !== undefined ? `at ${Coolio.seconds(s.until)} s` : 'timeout'), el('span', 'text', s.task.name),
      ])), 'ol'));
    out.push(section(`Wait queues (${queues.size})`, 'each queue and the tasks parked on it, first parked first',
      [...queues].map(([queue, list]) => el('li', cls(list.some((p) => p.fresh), false), null, [
        el('span', 'id', queue), el('span', 'text', ' ← ' + list.map((p) => p.task.name).join(', ')),
      ])), 'ul'));
    out.push(section(`Selector: tasks parked on descriptors (${fds.length})`, 'what each waits for',
      fds.map((p) => el('li', cls(p.fresh, false), null, [el('span', 'id', p.task.parked_on), el('span', 'text', ' ← ' + p.task.name)])), 'ul'));
    const tasks = el('table', 'tasks');
    tasks.appendChild(el('tr', null, null, ['task', 'state', 'runs', 'parked on'].map((h) => el('th', null, h))));
    for (const task of json.tasks) {
      const shown = task.state === 'done' ? `done: ${task.outcome}` : task.state;
      tasks.appendChild(el('tr', task.task === touched ? 'fresh' : '', null, [
        el('td', 'name', null, [el('strong', null, task.name), el('span', 'coro', ` ${task.coro}()`)]),
        el('td', null, null, [el('span', 'state-badge state-' + task.state, shown)]),
        el('td', 'num', task.steps),
        el('td', null, task.parked_on === null ? '' : task.parked_on),
      ]));
    }
    out.push(section(`Tasks (${counts.tasks})`, counts.tasks > LIMIT ? `the last ${LIMIT}` : 'in creation order', [tasks], 'div'));
    return out;
  };

  function cls(fresh, cancelled) { return (fresh ? 'fresh ' : '') + (cancelled ? 'cancelled' : ''); }

  /** A titled list; `total` is how many there are when `items` shows only some. */
  function section(title, hint, items, tag, total) {
    const list = el(tag, 'state-list');
    const shown = items.slice(0, LIMIT);
    for (const item of shown) list.appendChild(item);
    const count = total !== undefined ? total : items.length;
    if (count === 0) list.appendChild(el(tag === 'div' ? 'div' : 'li', 'empty', Coolio.label('viewer.empty')));
    if (count > shown.length && tag !== 'div') list.appendChild(el('li', 'more', `… and ${count - shown.length} more`));
    return el('section', 'state-section', null, [el('h4', null, null, [el('span', null, title), hint ? el('span', 'hint', hint) : null]), list]);
  }

  Coolio.Panel = Panel;
  Coolio.el = el;
})(globalThis.Coolio = globalThis.Coolio || {});

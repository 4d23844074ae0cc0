// filter.js — search and filter: by event kind, task, tick range and printed text,
// and the list of the events that match (all events when no filter is set).
//
// The list can hold a million rows, so it is "virtual": only the rows in view exist
// as elements; a tall empty block gives the scroll bar its length.
(function (Coolio) {
  'use strict';

  const ROW = 22;            // px per row of the list
  const MAX_SCROLL = 8e6;    // px: browsers cap element heights, so long lists are scaled
  const el = (...args) => Coolio.el(...args);

  class Filter {
    /** options.onChange(matches | null), options.onPick(seq) when a row is clicked. */
    constructor(root, options) {
      this.root = root;
      this.options = options;
      this.kindsBox = root.querySelector('#filter-kinds');
      this.kindsSummary = root.querySelector('#filter-kinds-summary');
      this.taskSelect = root.querySelector('#filter-task');
      this.tickFrom = root.querySelector('#filter-tick-from');
      this.tickTo = root.querySelector('#filter-tick-to');
      this.textInput = root.querySelector('#filter-text');
      this.countText = root.querySelector('#filter-count');
      this.list = document.querySelector('#event-list');
      this.spacer = document.querySelector('#event-list-spacer');
      this.rows = document.querySelector('#event-list-rows');
      this.trace = null;
      this.matches = null;
      this.cursor = 0;
      this.printTexts = null;  // lower-cased print texts, made on the first text search

      // One checkbox per kind.
      for (const name of Coolio.KIND_NAMES) {
        const box = el('input');
        box.type = 'checkbox';
        box.checked = true;
        box.value = name;
        box.addEventListener('change', () => this.apply());
        this.kindsBox.appendChild(el('label', 'kind-choice', null, [box, el('span', null, ' ' + name)]));
      }
      root.querySelector('#filter-kinds-all').addEventListener('click', () => this.setAllKinds(true));
      root.querySelector('#filter-kinds-none').addEventListener('click', () => this.setAllKinds(false));
      root.querySelector('#filter-clear').addEventListener('click', () => this.clear());
      for (const input of [this.taskSelect, this.tickFrom, this.tickTo]) input.addEventListener('change', () => this.apply());
      let timer = 0;
      this.textInput.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => this.apply(), 150); });
      this.list.addEventListener('scroll', () => this.renderList());
      new ResizeObserver(() => this.renderList()).observe(this.list);
    }

    /** Lists `trace`; `keep`: keep the filter as it is (the other of two traces became active). */
    setTrace(trace, layout, keep) {
      const taskName = keep && this.taskSelect.value !== '' ? this.layout.taskRows.get(Number(this.taskSelect.value)).title : null;
      this.trace = trace;
      this.layout = layout;
      this.printTexts = null;
      this.taskSelect.replaceChildren(el('option', null, 'all tasks'));
      this.taskSelect.firstChild.value = '';
      for (const row of layout.taskRows.values()) {
        const option = el('option', null, `${row.title} (${row.subtitle})`);
        option.value = String(row.task);
        this.taskSelect.appendChild(option);
        if (taskName === row.title) option.selected = true;
      }
      if (keep) this.apply(); else this.clear();
    }

    setAllKinds(on) {
      for (const box of this.kindsBox.querySelectorAll('input')) box.checked = on;
      this.apply();
    }
    clear() {
      for (const box of this.kindsBox.querySelectorAll('input')) box.checked = true;
      this.taskSelect.value = '';
      this.tickFrom.value = this.tickTo.value = this.textInput.value = '';
      this.apply();
    }

    /** Computes the matching events and tells the app. */
    apply() {
      const trace = this.trace;
      if (!trace) return;
      const boxes = [...this.kindsBox.querySelectorAll('input')];
      const kinds = new Uint8Array(Coolio.KIND_NAMES.length);
      boxes.forEach((box, k) => { kinds[k] = box.checked ? 1 : 0; });
      const allKinds = boxes.every((box) => box.checked);
      const chosen = boxes.filter((box) => box.checked).length;
      this.kindsSummary.textContent = allKinds ? 'all kinds' : chosen === 1 ? boxes.find((b) => b.checked).value : `${chosen} kinds`;
      const task = this.taskSelect.value === '' ? null : Number(this.taskSelect.value);
      const from = this.tickFrom.value === '' ? -Infinity : Number(this.tickFrom.value);
      const to = this.tickTo.value === '' ? Infinity : Number(this.tickTo.value);
      const text = this.textInput.value.trim().toLowerCase();
      this.criteria = { kinds, from, to, text };
      const active = !allKinds || task !== null || from !== -Infinity || to !== Infinity || text !== '';
      this.criteria.active = active;
      this.matches = this.matchesIn(trace, this.layout, task);
      const count = this.matches ? this.matches.length : trace.count;
      this.countText.textContent = this.matches ? `${count} of ${trace.count} events match` : `${trace.count} events`;
      this.list.scrollTop = 0;
      this.options.onChange(this.matches, task);
      this.renderList();
    }

    /**
     * The events of `trace` that the filter's kinds, ticks and text match, in `task`'s
     * lane if a task is given (-1: a task this trace does not have), or null when no
     * filter is set. (The app asks it for the second of two traces too.)
     */
    matchesIn(trace, layout, task) {
      const { kinds, from, to, text, active } = this.criteria;
      if (!active) return null;
      const { kind, tick, a, cause } = trace;
      const taskRow = task === null ? -1 : task === -1 || !layout.taskRows.has(task) ? -2 : layout.taskRows.get(task).id;
      const printKind = Coolio.KIND.print, stepKind = Coolio.KIND['task.step'];
      const prints = text ? this.printsOf(trace) : null;
      const out = [];
      for (let i = 0; i < trace.count; i++) {
        if (!kinds[kind[i]] || tick[i] < from || tick[i] > to) continue;
        if (taskRow !== -1 && layout.eventRow[i] !== taskRow &&
          !(i + 1 < trace.count && kind[i + 1] === stepKind && cause[i + 1] === i && a[i + 1] === task)) continue;
        if (text && (kind[i] !== printKind || !prints.get(i).includes(text))) continue;
        out.push(i);
      }
      return Int32Array.from(out);
    }

    /** The lower-cased print texts of `trace`, made on its first text search. */
    printsOf(trace) {
      if (!this.printTexts || this.printTexts.trace !== trace) {
        const texts = new Map();
        const { kind } = trace;
        for (let i = 0; i < trace.count; i++)
          if (kind[i] === Coolio.KIND.print) texts.set(i, String(trace.event(i).text).toLowerCase());
        this.printTexts = { trace, texts };
      }
      return this.printTexts.texts;
    }

    /** The first match after (or, with back, before) event `seq`, or -1. */
    nextMatch(seq, back) {
      const m = this.matches;
      if (!m || !m.length) return -1;
      let lo = 0, hi = m.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (m[mid] <= seq) lo = mid + 1; else hi = mid; }
      if (back) { let k = lo - 1; if (k >= 0 && m[k] === seq) k--; return k >= 0 ? m[k] : -1; }
      return lo < m.length ? m[lo] : -1;
    }

    // ---- the list ----
    /**
     * Marks event `seq` in the list and scrolls it into view, at the next frame: the
     * list reads the page's layout (its height, where it is scrolled), which right
     * after the panel changed would make the browser lay out the page once per step.
     */
    setCursor(seq) {
      this.cursor = seq;
      if (this.cursorFrame) return;
      this.cursorFrame = requestAnimationFrame(() => { this.cursorFrame = 0; this.showCursor(); });
    }
    showCursor() {
      const seq = this.cursor;
      if (!this.trace) return;
      const position = this.matches ? lowerBound(this.matches, seq) : seq;
      const inList = !this.matches || this.matches[position] === seq;
      if (inList) {
        const { scale } = this.geometry();
        const y = position * ROW * scale;
        const view = this.list.clientHeight;
        if (y < this.list.scrollTop || y > this.list.scrollTop + view - ROW) this.list.scrollTop = Math.max(0, y - view / 2);
      }
      this.renderList();
    }

    geometry() {
      const count = this.trace ? (this.matches ? this.matches.length : this.trace.count) : 0;
      const full = count * ROW;
      return { count, scale: full > MAX_SCROLL ? MAX_SCROLL / full : 1 };
    }

    renderList() {
      if (!this.trace) return;
      const { count, scale } = this.geometry();
      this.spacer.style.height = `${Math.round(count * ROW * scale)}px`;
      const first = Math.min(Math.max(0, Math.floor(this.list.scrollTop / (ROW * scale))), Math.max(0, count - 1));
      const visible = Math.ceil(this.list.clientHeight / ROW) + 1;
      this.rows.style.transform = `translateY(${Math.round(first * ROW * scale)}px)`;
      const names = (id) => this.layout.name(id);
      const children = [];
      for (let k = first; k < Math.min(count, first + visible); k++) {
        const seq = this.matches ? this.matches[k] : k;
        const e = this.trace.event(seq);
        const row = el('div', 'event-row' + (seq === this.cursor ? ' current' : ''), null, [
          el('span', 'seq', seq), el('span', 'tick', `tick ${e.tick}`), el('span', 'kind', e.kind),
          el('span', 'headline', Coolio.headline(e, names)),
        ]);
        row.dataset.seq = String(seq);
        row.addEventListener('click', () => this.options.onPick(seq));
        children.push(row);
      }
      this.rows.replaceChildren(...children);
    }
  }

  function lowerBound(array, value) {
    let lo = 0, hi = array.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (array[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  Coolio.Filter = Filter;
})(globalThis.Coolio = globalThis.Coolio || {});

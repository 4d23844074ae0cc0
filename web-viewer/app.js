// app.js — puts the pieces together: opening traces, the cursors, keys, the URL.
//
// A trace comes from the file picker, from a file dropped on the page, or from the
// page itself (`coolio-trace view` embeds it). Opening one reads and checks it
// (trace.js), lays out the timeline (layout.js) and puts the cursor on the event the
// URL names (#seq=57), so a link opens at the same event.
//
// Two traces (two files picked or dropped at once, or a page `coolio-trace view A B`
// or `compare --view` wrote) open as two panes, one above the other, on one shared x
// axis (compare.js): zooming, panning, fit and the axis switch act on both; the keys
// step the active pane (click a pane to make it active) and the other pane's cursor
// follows to the same point of the shared axis. The address holds both cursors:
// #seq=57&seq2=40.
(function (Coolio) {
  'use strict';

  const $ = (selector) => document.querySelector(selector);

  /** One open trace: its timeline and panel, and its cursor. */
  class Pane {
    constructor(root, app, index) {
      this.root = root;
      this.index = index;
      this.trace = null;
      this.layout = null;
      this.model = null;
      this.cursor = 0;
      this.matches = null;
      this.timeline = new Coolio.Timeline(root.querySelector('.timeline'), {
        onCursor: (seq) => { app.activate(this); app.setCursor(seq, false); },
        onHover: (info, x, y) => app.hover(info, x, y, this),
        onView: () => app.viewChanged(this),
      });
      this.panel = new Coolio.Panel(root.querySelector('.panel'), { onJump: (seq) => { app.activate(this); app.setCursor(seq, true); } });
      root.querySelector('.pane-title').addEventListener('click', () => app.activate(this));
    }
  }

  class App {
    constructor() {
      this.loadTimes = null;
      this.message = $('#message');
      this.panes = [new Pane($('#pane'), this, 0)];
      this.active = this.panes[0];
      this.filter = new Coolio.Filter($('#filters'), {
        onChange: (matches, task) => this.filtered(matches, task),
        onPick: (seq) => this.setCursor(seq, true),
      });
      this.buildLegend();
      this.listen();
      this.openEmbedded();
    }

    // The active pane's trace, layout, state model, cursor, timeline and panel (with
    // one trace open: the only one).
    get trace() { return this.active.trace; }
    get layout() { return this.active.layout; }
    get model() { return this.active.model; }
    get cursor() { return this.active.cursor; }
    get timeline() { return this.active.timeline; }
    get panel() { return this.active.panel; }
    /** The panes that show a trace. */
    get open() { return this.panes.filter((pane) => pane.trace); }

    // ---- opening ----
    /** Opens one file, or two side by side. */
    async openFiles(files) {
      files = [...files].slice(0, 2);
      if (!files.length) return;
      this.status(`Reading ${files.map((f) => f.name).join(' and ')}…`);
      const started = performance.now();
      try {
        const traces = [];
        for (const file of files)
          traces.push(await Coolio.readTraceFile(file, (done) => this.status(`Reading ${file.name}… ${Math.round(done * 100)} %`)));
        this.show(traces, started);
      } catch (error) {
        this.fail(error);
      }
    }
    openFile(file) { return this.openFiles([file]); }

    /** Opens texts [[text, name], …]: one trace or two. */
    openTexts(texts) {
      const started = performance.now();
      try {
        this.show(texts.map(([text, name]) => Coolio.parseTraceText(text, name)), started);
      } catch (error) {
        this.fail(error);
      }
    }
    openText(text, name) { this.openTexts([[text, name]]); }

    openEmbedded() {
      // `coolio-trace view` embeds one trace (id embedded-trace) or two (and embedded-trace-2).
      const texts = [];
      for (const id of ['embedded-trace', 'embedded-trace-2']) {
        const embedded = document.getElementById(id);
        // The element's text starts with the newline after its opening tag.
        if (embedded) texts.push([embedded.textContent.replace(/^\n/, ''), embedded.dataset.name || 'trace']);
      }
      if (texts.length) this.openTexts(texts);
    }

    /** The second pane, made on first use as a copy of the first (its ids get "-2"). */
    secondPane() {
      if (this.panes[1]) return this.panes[1];
      const root = this.panes[0].root.cloneNode(true);
      for (const node of [root, ...root.querySelectorAll('[id]')]) node.id += '-2';
      root.classList.remove('active');
      for (const node of root.querySelectorAll('.event-card, .state')) node.replaceChildren();
      this.panes[0].root.after(root);
      this.panes.push(new Pane(root, this, 1));
      return this.panes[1];
    }

    show(traces, started) {
      const read = performance.now();
      const layouts = traces.map((trace) => new Coolio.Layout(trace));
      if (layouts.length === 2) Coolio.alignLayouts(layouts);
      const laidOut = performance.now();
      const two = traces.length === 2;
      if (two) this.secondPane();
      document.body.classList.toggle('two-traces', two);
      if (this.panes[1]) this.panes[1].root.hidden = !two;
      this.panes.forEach((pane, k) => {
        pane.trace = traces[k] || null;
        pane.layout = layouts[k] || null;
        pane.model = pane.trace ? new Coolio.StateModel(pane.trace) : null;
        pane.matches = null;
        pane.timeline.partner = null;
      });
      this.active = this.panes[0];
      this.panes.forEach((pane) => pane.root.classList.toggle('active', pane === this.active));
      document.body.classList.add('has-trace');
      document.title = `${traces.map((t) => t.name).join(' | ')} · coolio trace viewer`;
      $('#trace-name').textContent = traces.map((t) => t.name).join('  |  ');
      $('#trace-info').textContent = traces.map((trace, k) => {
        const header = trace.header, layout = layouts[k];
        return `${two ? (header.runtime || 'asyncio') + ': ' : ''}${header.scenario} · ${header.clock} clock · ${trace.count} events · ` +
          `${layout.groups} ${layout.tickWord}s · ${layout.taskRows.size} tasks`;
      }).join('  |  ');
      for (const pane of this.open) {
        pane.root.querySelector('.pane-runtime').textContent = pane.trace.header.runtime || 'asyncio';
        pane.root.querySelector('.pane-name').textContent = pane.trace.name;
        pane.timeline.setLayout(pane.layout);
        pane.cursor = 0;
        // Two panes share the height in proportion to their lanes (asyncio has one more).
        pane.root.style.flexGrow = two ? String(pane.timeline.contentHeight() + 60) : '';
      }
      for (const pane of this.open) pane.timeline.resize();  // the canvases were hidden or resized: measure them
      this.buildLegend();
      this.filter.setTrace(traces[0], layouts[0]);
      const [seq, seq2] = this.hashSeqs();
      if (two) { this.activate(this.panes[1]); this.setCursor(seq2 ?? 0, true); this.activate(this.panes[0]); }
      this.setCursor(seq ?? 0, true, two && seq2 !== null);
      for (const pane of this.open) pane.timeline.draw();
      const drawn = performance.now();
      this.loadTimes = { read: read - started, layout: laidOut - read, draw: drawn - laidOut, total: drawn - started };
      const warnings = traces.flatMap((trace) => trace.warnings);
      this.status(warnings.length ? warnings.join('\n') : '', warnings.length ? 'warning' : '');
      this.checkState(traces);
    }

    /** Makes `pane` the one the keys step (and the event list and filter show). */
    activate(pane) {
      if (pane === this.active || !pane.trace) return;
      this.active = pane;
      for (const p of this.panes) p.root.classList.toggle('active', p === pane);
      this.filter.setTrace(pane.trace, pane.layout, true);
      this.filter.setCursor(pane.cursor);
      $('#position').textContent = `event ${pane.cursor} / ${pane.trace.count - 1}`;
    }

    /** A pane's timeline was zoomed, panned or switched axis: the other one shows the same. */
    viewChanged(source) {
      for (const pane of this.open) if (pane !== source) pane.timeline.follow(source.timeline);
    }

    /**
     * Folds the whole trace into the loop's state, in the background (slices of about
     * 10 ms, so the page stays responsive), to find an event that contradicts the
     * others, as `coolio-trace view`, `step` and `show` do before they show anything.
     * Such a trace stays open, with the message; the state panel stops before that
     * event. `checked` is true when done, or the TraceError (the tests wait for it).
     */
    checkState(traces) {
      this.checked = false;
      const [trace, ...others] = traces;
      const state = new Coolio.LoopState();
      let i = 0;
      const slice = () => {
        if (!this.panes.some((pane) => pane.trace === trace)) return;  // another trace was opened meanwhile
        const until = performance.now() + 10;
        try {
          while (i < trace.count && performance.now() < until)
            for (const end = Math.min(trace.count, i + 2000); i < end; i++) state.apply(trace, i);
        } catch (error) {
          if (!(error instanceof Coolio.TraceError)) throw error;
          this.checked = error;
          this.status(error.message, 'error');  // one message, its error, as the command line gives
          return;
        }
        if (i < trace.count) setTimeout(slice, 0);
        else if (others.length) this.checkState(others);
        else this.checked = true;
      };
      setTimeout(slice, 0);
    }

    fail(error) {
      // The page stays as it was: a trace that was open stays open.
      const text = error instanceof Coolio.TraceError ? error.message : `Could not open the trace: ${error.message}`;
      this.status(text, 'error');
      if (!(error instanceof Coolio.TraceError)) console.error(error);
    }

    status(text, kind) {
      this.message.textContent = text;
      this.message.className = kind || '';
      this.message.hidden = !text;
    }

    // ---- the cursor ----
    /**
     * Puts the active pane's cursor on event `seq`. With two traces the other pane's
     * cursor follows to the last of its events at or before the same point of the
     * shared axis (ticks and cycles are aligned by loop time, compare.js), unless
     * `keepOther` (opening at an address that names both).
     */
    setCursor(seq, reveal, keepOther) {
      if (!this.trace) return;
      this.moveCursor(this.active, seq, reveal);
      const pane = this.active;
      if (!keepOther) {
        for (const other of this.open) {
          if (other === pane) continue;
          const x = pane.layout.x('ticks', pane.cursor);
          this.moveCursor(other, other.layout.eventAt('ticks', x + 1e-9), false);
        }
      }
      this.filter.setCursor(pane.cursor);
      $('#position').textContent = `event ${pane.cursor} / ${pane.trace.count - 1}`;
      // The address follows the cursor once stepping pauses: writing it costs the
      // browser a round trip to its main process (over 10 ms on a busy machine), too
      // much for every event while an arrow key is held down.
      clearTimeout(this.hashTimer);
      this.hashTimer = setTimeout(() => this.writeHash(), 150);
    }
    moveCursor(pane, seq, reveal) {
      seq = Math.max(0, Math.min(pane.trace.count - 1, Math.round(seq)));
      pane.cursor = seq;
      pane.timeline.setCursor(seq, reveal);
      pane.panel.show(pane.trace, pane.layout, seq, pane.model.at(seq));
      pane.root.querySelector('.pane-position').textContent = `event ${seq} / ${pane.trace.count - 1}`;
      // The other timeline marks where this cursor is.
      for (const other of this.open) {
        if (other === pane) continue;
        other.timeline.partner = { layout: pane.layout, seq };
        other.timeline.invalidate();
      }
    }
    writeHash() {
      // replaceState: stepping should not fill the browser's history.
      const [first, second] = this.open;
      const hash = `#seq=${first.cursor}` + (second ? `&seq2=${second.cursor}` : '');
      if (location.hash !== hash) history.replaceState(null, '', hash);
    }
    step(delta) { this.setCursor(this.cursor + delta, true); }
    /** The first event of the next (+1) or this/previous (-1) tick. */
    tickStep(direction) {
      const L = this.layout;
      const g = L.groupOf(this.cursor);
      if (direction > 0) this.setCursor(g + 1 < L.groups ? L.groupFirst[g + 1] : this.trace.count - 1, true);
      else this.setCursor(L.groupFirst[this.cursor === L.groupFirst[g] ? Math.max(0, g - 1) : g], true);
    }
    matchStep(back) {
      const next = this.filter.nextMatch(this.cursor, back);
      if (next >= 0) this.setCursor(next, true);
    }
    /** The cursors the address names: [seq, seq2] (null where it names none). */
    hashSeqs() {
      const first = /(?:^#|&)seq=(\d+)/.exec(location.hash), second = /&seq2=(\d+)/.exec(location.hash);
      return [first ? Number(first[1]) : null, second ? Number(second[1]) : null];
    }

    /**
     * The filter changed: it computed the matches of the active pane's trace; the other
     * pane gets the matches of the same filter in its own trace (a task is picked by
     * its name there: Task-2 is Task-2 in both runtimes).
     */
    filtered(matches, task) {
      for (const pane of this.open) {
        let paneMatches = matches, paneTask = task;
        if (pane !== this.active) {
          const name = task === null ? null : this.active.layout.taskRows.get(task).title;
          paneTask = null;
          if (name !== null) for (const [id, row] of pane.layout.taskRows) if (row.title === name) paneTask = id;
          paneMatches = this.filter.matchesIn(pane.trace, pane.layout, name === null ? null : paneTask ?? -1);
        }
        pane.matches = paneMatches;
        pane.timeline.setMatches(paneMatches);
        // Filtering by task shows only that task's lane among the tasks.
        const hidden = new Set();
        if (paneTask !== null || (task !== null && pane !== this.active))
          for (const [id, row] of pane.layout.taskRows) if (id !== paneTask) hidden.add(row.id);
        pane.timeline.setHiddenRows(hidden);
      }
      if (matches && matches.length && !matches.includes(this.cursor)) this.setCursor(matches[0], true);
    }

    // ---- hovering: a tooltip with what is under the pointer ----
    hover(info, x, y, pane = this.active) {
      const tip = $('#tooltip');
      if (!info) { tip.hidden = true; return; }
      const L = pane.layout, trace = pane.trace;
      const lines = [];
      if (info.bar !== undefined) {
        const row = info.row, k = info.bar;
        const style = Coolio.STYLES[Coolio.STYLE_NAMES[row.style[k]]];
        lines.push([L.label(row, k) || Coolio.STYLE_NAMES[row.style[k]], 'strong']);
        if (style.legend) lines.push([style.legend]);
        const s = row.start[k], e = row.end[k];
        lines.push([`events ${s}–${e} · ${L.tickWord} ${trace.tick[s]}${trace.tick[e] !== trace.tick[s] ? '–' + trace.tick[e] : ''} · ` +
          `t ${Coolio.seconds(L.x('time', s))}${L.x('time', e) !== L.x('time', s) ? '–' + Coolio.seconds(L.x('time', e)) : ''} s`]);
      } else {
        const e = trace.event(info.seq);
        lines.push([Coolio.headline(e, (id) => L.name(id)), 'strong']);
        lines.push([`event ${info.seq} · ${L.tickWord} ${e.tick} · t ${Coolio.seconds(e.t)} s`]);
      }
      lines.push(['click to put the cursor here', 'hint']);
      tip.replaceChildren(...lines.map(([text, cls]) => Coolio.el('div', cls, text)));
      tip.hidden = false;
      const right = x + 16 + tip.offsetWidth > window.innerWidth;
      tip.style.left = `${right ? x - tip.offsetWidth - 12 : x + 14}px`;
      tip.style.top = `${Math.min(y + 14, window.innerHeight - tip.offsetHeight - 4)}px`;
    }

    /** The legend of what the open traces can show (both runtimes' before any is open). */
    buildLegend() {
      const legend = $('#legend');
      const runtimes = new Set(this.open.map((pane) => pane.layout.runtime));
      const shown = (entry) => !entry.runtime || !runtimes.size || runtimes.has(entry.runtime);
      const item = (swatch, text) => Coolio.el('span', 'legend-item', null, [swatch, Coolio.el('span', null, text)]);
      const parts = [];
      for (const name of Coolio.STYLE_NAMES) {
        const style = Coolio.STYLES[name];
        if (!style.legend || !shown(style)) continue;
        const swatch = Coolio.el('span', 'swatch');
        swatch.style.background = style.fill;
        swatch.style.borderColor = style.stroke || style.fill;
        if (style.dash) swatch.style.borderStyle = 'dashed';
        parts.push(item(swatch, style.legend));
      }
      for (const name of Coolio.MARK_NAMES) {
        const mark = Coolio.MARKS[name];
        if (!shown(mark)) continue;
        const swatch = Coolio.el('span', 'swatch mark mark-' + mark.shape, { text: '▮', check: '✓', cross: '✕', diamond: '◆', bang: '!', triangle: '▼' }[mark.shape]);
        swatch.style.color = mark.color;
        parts.push(item(swatch, mark.legend));
      }
      for (const name of Coolio.ARROW_NAMES) {
        const arrow = Coolio.ARROWS[name];
        if (!shown(arrow)) continue;
        const swatch = Coolio.el('span', 'swatch arrow', '⟶');
        swatch.style.color = arrow.color;
        parts.push(item(swatch, arrow.legend));
      }
      legend.replaceChildren(...parts);
    }

    // ---- controls and keys ----
    listen() {
      // The explanations' language: ?lang=zh in the URL, else the browser's language.
      const lang = $('#lang');
      const asked = new URLSearchParams(location.search).get('lang') || navigator.language || 'en';
      Coolio.lang = asked.startsWith('zh') ? 'zh' : 'en';
      lang.value = Coolio.lang;
      lang.addEventListener('change', () => {
        Coolio.lang = lang.value;
        document.documentElement.lang = lang.value;
        this.setCursor(this.cursor, false);  // show the panel again, in the new language
      });
      const picker = $('#file-input');
      picker.addEventListener('change', () => { if (picker.files.length) this.openFiles(picker.files); picker.value = ''; });
      $('#open-button').addEventListener('click', () => picker.click());
      $('#drop-open').addEventListener('click', () => picker.click());
      // Dropping a file anywhere on the page opens it.
      document.addEventListener('dragover', (event) => { event.preventDefault(); document.body.classList.add('dragging'); });
      document.addEventListener('dragleave', (event) => { if (!event.relatedTarget) document.body.classList.remove('dragging'); });
      document.addEventListener('drop', (event) => {
        event.preventDefault();
        document.body.classList.remove('dragging');
        if (event.dataTransfer.files.length) this.openFiles(event.dataTransfer.files);
      });

      const on = (id, action) => $(id).addEventListener('click', () => { if (this.trace) action(); });
      on('#first', () => this.setCursor(0, true));
      on('#prev', () => this.step(-1));
      on('#next', () => this.step(1));
      on('#last', () => this.setCursor(this.trace.count - 1, true));
      on('#prev-tick', () => this.tickStep(-1));
      on('#next-tick', () => this.tickStep(1));
      on('#prev-match', () => this.matchStep(true));
      on('#next-match', () => this.matchStep(false));
      on('#fit', () => this.timeline.fit());
      on('#zoom-in', () => this.timeline.zoom(0.5, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))));
      on('#zoom-out', () => this.timeline.zoom(2, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))));
      for (const radio of document.querySelectorAll('input[name="axis"]'))
        radio.addEventListener('change', () => { if (radio.checked && this.trace) this.timeline.setAxis(radio.value); });
      $('#legend-toggle').addEventListener('click', () => {
        const legend = $('#legend');
        legend.hidden = !legend.hidden;
        $('#legend-toggle').setAttribute('aria-expanded', String(!legend.hidden));
      });

      document.addEventListener('keydown', (event) => {
        if (!this.trace || event.ctrlKey || event.metaKey || event.altKey) return;
        const target = event.target;
        if (target.closest && target.closest('input, select, textarea')) return;
        const keys = {
          ArrowRight: () => (event.shiftKey ? this.tickStep(1) : this.step(1)),
          ArrowLeft: () => (event.shiftKey ? this.tickStep(-1) : this.step(-1)),
          Home: () => this.setCursor(0, true),
          End: () => this.setCursor(this.trace.count - 1, true),
          n: () => this.matchStep(false),
          N: () => this.matchStep(true),
          p: () => this.matchStep(true),
          f: () => this.timeline.fit(),
          t: () => this.setAxis(this.timeline.axis === 'ticks' ? 'time' : 'ticks'),
          a: () => { const [first, second] = this.open; if (second) this.activate(this.active === first ? second : first); },
          '+': () => this.timeline.zoom(0.5, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))),
          '=': () => this.timeline.zoom(0.5, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))),
          '-': () => this.timeline.zoom(2, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))),
        };
        const action = keys[event.key];
        if (action) { event.preventDefault(); action(); }
      });
      window.addEventListener('hashchange', () => {
        const [seq, seq2] = this.hashSeqs();
        const [first, second] = this.open;
        if (!first) return;
        if (second && seq2 !== null && seq2 !== second.cursor) this.moveCursor(second, seq2, true);
        if (seq !== null && seq !== first.cursor) { this.activate(first); this.setCursor(seq, true, second && seq2 !== null); }
      });
    }

    setAxis(axis) {
      for (const radio of document.querySelectorAll('input[name="axis"]')) radio.checked = radio.value === axis;
      this.timeline.setAxis(axis);  // (the other pane follows: viewChanged)
    }
  }

  // For the browser tests and the curious: window.coolioViewer is the running app.
  window.addEventListener('DOMContentLoaded', () => { window.coolioViewer = new App(); });
})(globalThis.Coolio = globalThis.Coolio || {});

// app.js — puts the pieces together: opening a trace, the cursor, keys, the URL.
//
// A trace comes from the file picker, from a file dropped on the page, or from the
// page itself (`coolio-trace view` embeds it). Opening one reads and checks it
// (trace.js), lays out the timeline (layout.js) and puts the cursor on the event the
// URL names (#seq=57), so a link opens at the same event.
(function (Coolio) {
  'use strict';

  const $ = (selector) => document.querySelector(selector);

  class App {
    constructor() {
      this.trace = null;
      this.layout = null;
      this.model = null;
      this.cursor = 0;
      this.loadTimes = null;
      this.message = $('#message');
      this.timeline = new Coolio.Timeline($('#timeline'), {
        onCursor: (seq) => this.setCursor(seq, false),
        onHover: (info, x, y) => this.hover(info, x, y),
      });
      this.panel = new Coolio.Panel($('#panel'), { onJump: (seq) => this.setCursor(seq, true) });
      this.filter = new Coolio.Filter($('#filters'), {
        onChange: (matches, task) => this.filtered(matches, task),
        onPick: (seq) => this.setCursor(seq, true),
      });
      this.buildLegend();
      this.listen();
      this.openEmbedded();
    }

    // ---- opening ----
    async openFile(file) {
      this.status(`Reading ${file.name}…`);
      const started = performance.now();
      try {
        const trace = await Coolio.readTraceFile(file, (done) => this.status(`Reading ${file.name}… ${Math.round(done * 100)} %`));
        this.show(trace, started);
      } catch (error) {
        this.fail(error);
      }
    }

    openText(text, name) {
      const started = performance.now();
      try {
        this.show(Coolio.parseTraceText(text, name), started);
      } catch (error) {
        this.fail(error);
      }
    }

    openEmbedded() {
      const embedded = document.getElementById('embedded-trace');
      if (!embedded) return;
      // The element's text starts with the newline after its opening tag.
      this.openText(embedded.textContent.replace(/^\n/, ''), embedded.dataset.name || 'trace');
    }

    show(trace, started) {
      const read = performance.now();
      const layout = new Coolio.Layout(trace);
      const laidOut = performance.now();
      this.trace = trace;
      this.layout = layout;
      this.model = new Coolio.StateModel(trace);
      document.body.classList.add('has-trace');
      this.timeline.resize();  // the canvas was hidden until now: measure it
      document.title = `${trace.name} · coolio trace viewer`;
      $('#trace-name').textContent = trace.name;
      const header = trace.header;
      $('#trace-info').textContent = `${header.scenario} · ${header.clock} clock · ${trace.count} events · ` +
        `${layout.groups} ticks · ${layout.taskRows.size} tasks`;
      this.timeline.setLayout(layout);
      this.filter.setTrace(trace, layout);
      this.setCursor(this.hashSeq() ?? 0, true);
      this.timeline.draw();
      const drawn = performance.now();
      this.loadTimes = { read: read - started, layout: laidOut - read, draw: drawn - laidOut, total: drawn - started };
      this.status(trace.warnings.length ? trace.warnings.join('\n') : '', trace.warnings.length ? 'warning' : '');
      this.checkState(trace);
    }

    /**
     * Folds the whole trace into the loop's state, in the background (slices of about
     * 10 ms, so the page stays responsive), to find an event that contradicts the
     * others, as `coolio-trace view`, `step` and `show` do before they show anything.
     * Such a trace stays open, with the message; the state panel stops before that
     * event. `checked` is true when done, or the TraceError (the tests wait for it).
     */
    checkState(trace) {
      this.checked = false;
      const state = new Coolio.LoopState();
      let i = 0;
      const slice = () => {
        if (this.trace !== trace) return;  // another trace was opened meanwhile
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
        if (i < trace.count) setTimeout(slice, 0); else this.checked = true;
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
    setCursor(seq, reveal) {
      if (!this.trace) return;
      seq = Math.max(0, Math.min(this.trace.count - 1, Math.round(seq)));
      this.cursor = seq;
      this.timeline.setCursor(seq, reveal);
      this.panel.show(this.trace, this.layout, seq, this.model.at(seq));
      this.filter.setCursor(seq);
      $('#position').textContent = `event ${seq} / ${this.trace.count - 1}`;
      // The address follows the cursor once stepping pauses: writing it costs the
      // browser a round trip to its main process (over 10 ms on a busy machine), too
      // much for every event while an arrow key is held down.
      clearTimeout(this.hashTimer);
      this.hashTimer = setTimeout(() => this.writeHash(), 150);
    }
    writeHash() {
      // replaceState: stepping should not fill the browser's history.
      const hash = `#seq=${this.cursor}`;
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
    hashSeq() {
      const match = /seq=(\d+)/.exec(location.hash);
      return match ? Number(match[1]) : null;
    }

    filtered(matches, task) {
      this.timeline.setMatches(matches);
      // Filtering by task shows only that task's lane among the tasks.
      const hidden = new Set();
      if (task !== null) for (const [id, row] of this.layout.taskRows) if (id !== task) hidden.add(row.id);
      this.timeline.setHiddenRows(hidden);
      if (matches && matches.length && !matches.includes(this.cursor)) this.setCursor(matches[0], true);
    }

    // ---- hovering: a tooltip with what is under the pointer ----
    hover(info, x, y) {
      const tip = $('#tooltip');
      if (!info) { tip.hidden = true; return; }
      const L = this.layout, trace = this.trace;
      const lines = [];
      if (info.bar !== undefined) {
        const row = info.row, k = info.bar;
        const style = Coolio.STYLES[Coolio.STYLE_NAMES[row.style[k]]];
        lines.push([L.label(row, k) || Coolio.STYLE_NAMES[row.style[k]], 'strong']);
        if (style.legend) lines.push([style.legend]);
        const s = row.start[k], e = row.end[k];
        lines.push([`events ${s}–${e} · tick ${trace.tick[s]}${trace.tick[e] !== trace.tick[s] ? '–' + trace.tick[e] : ''} · ` +
          `t ${Coolio.seconds(L.x('time', s))}${L.x('time', e) !== L.x('time', s) ? '–' + Coolio.seconds(L.x('time', e)) : ''} s`]);
      } else {
        const e = trace.event(info.seq);
        lines.push([Coolio.headline(e, (id) => L.name(id)), 'strong']);
        lines.push([`event ${info.seq} · tick ${e.tick} · t ${Coolio.seconds(e.t)} s`]);
      }
      lines.push(['click to put the cursor here', 'hint']);
      tip.replaceChildren(...lines.map(([text, cls]) => Coolio.el('div', cls, text)));
      tip.hidden = false;
      const right = x + 16 + tip.offsetWidth > window.innerWidth;
      tip.style.left = `${right ? x - tip.offsetWidth - 12 : x + 14}px`;
      tip.style.top = `${Math.min(y + 14, window.innerHeight - tip.offsetHeight - 4)}px`;
    }

    buildLegend() {
      const legend = $('#legend');
      const item = (swatch, text) => Coolio.el('span', 'legend-item', null, [swatch, Coolio.el('span', null, text)]);
      const parts = [];
      for (const name of Coolio.STYLE_NAMES) {
        const style = Coolio.STYLES[name];
        if (!style.legend) continue;
        const swatch = Coolio.el('span', 'swatch');
        swatch.style.background = style.fill;
        swatch.style.borderColor = style.stroke || style.fill;
        if (style.dash) swatch.style.borderStyle = 'dashed';
        parts.push(item(swatch, style.legend));
      }
      for (const name of Coolio.MARK_NAMES) {
        const mark = Coolio.MARKS[name];
        const swatch = Coolio.el('span', 'swatch mark mark-' + mark.shape, { text: '▮', check: '✓', cross: '✕', diamond: '◆', bang: '!' }[mark.shape]);
        swatch.style.color = mark.color;
        parts.push(item(swatch, mark.legend));
      }
      for (const name of Coolio.ARROW_NAMES) {
        const arrow = Coolio.ARROWS[name];
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
      picker.addEventListener('change', () => { if (picker.files[0]) this.openFile(picker.files[0]); picker.value = ''; });
      $('#open-button').addEventListener('click', () => picker.click());
      $('#drop-open').addEventListener('click', () => picker.click());
      // Dropping a file anywhere on the page opens it.
      document.addEventListener('dragover', (event) => { event.preventDefault(); document.body.classList.add('dragging'); });
      document.addEventListener('dragleave', (event) => { if (!event.relatedTarget) document.body.classList.remove('dragging'); });
      document.addEventListener('drop', (event) => {
        event.preventDefault();
        document.body.classList.remove('dragging');
        const file = event.dataTransfer.files[0];
        if (file) this.openFile(file);
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
        radio.addEventListener('change', () => { if (radio.checked) this.timeline.setAxis(radio.value); });
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
          '+': () => this.timeline.zoom(0.5, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))),
          '=': () => this.timeline.zoom(0.5, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))),
          '-': () => this.timeline.zoom(2, this.timeline.toPx(this.layout.x(this.timeline.axis, this.cursor))),
        };
        const action = keys[event.key];
        if (action) { event.preventDefault(); action(); }
      });
      window.addEventListener('hashchange', () => {
        const seq = this.hashSeq();
        if (seq !== null && seq !== this.cursor) this.setCursor(seq, true);
      });
    }

    setAxis(axis) {
      for (const radio of document.querySelectorAll('input[name="axis"]')) radio.checked = radio.value === axis;
      this.timeline.setAxis(axis);
    }
  }

  // For the browser tests and the curious: window.coolioViewer is the running app.
  window.addEventListener('DOMContentLoaded', () => { window.coolioViewer = new App(); });
})(globalThis.Coolio = globalThis.Coolio || {});

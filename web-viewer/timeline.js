// timeline.js — draws a Layout on a canvas, and lets the reader zoom, pan and point.
//
// Drawing a million events 60 times a second works because only what is visible is
// looked at: each row's bars are found by binary search (layout.js), and where many
// bars fall into one pixel they are merged into one mark and the rest of that pixel
// is skipped with another binary search. The work per frame depends on the width of
// the canvas, not on the length of the trace.
//
// Input: the wheel zooms around the pointer (with Shift it pans), dragging pans
// (sideways, and up and down when the lanes are taller than the view), a click puts
// the cursor on an event, hovering reports what is under the pointer.
(function (Coolio) {
  'use strict';

  const STYLES = Coolio.STYLE_NAMES.map((name) => Coolio.STYLES[name]);
  const MARKS = Coolio.MARK_NAMES.map((name) => Coolio.MARKS[name]);
  const ARROWS = Coolio.ARROW_NAMES.map((name) => Coolio.ARROWS[name]);

  const GUTTER = 168;   // px: lane names on the left
  const AXIS = 30;      // px: tick numbers or times on top
  const ROW = 24;       // px: height of a row
  const TASK_ROW = 36;  // px: task rows have a band above the bar for what the task prints
  const TIMER_ROW = 16; // px: timer rows are thinner
  const LANE_GAP = 10;  // px between lanes
  const BAR = 16;       // px: bar height in a normal row
  const FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';
  const SMALL_FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
  const MAX_ARROWS = 1500;  // beyond this, only the cursor's arrows are drawn

  class Timeline {
    /**
     * canvas: the element to draw on; options.onCursor(seq) when the reader clicks an
     * event, options.onHover(info | null, clientX, clientY) as the pointer moves,
     * options.onView() when the visible part of the axis (or the axis) changed.
     */
    constructor(canvas, options) {
      this.canvas = canvas;
      this.ctx = canvas.getContext('2d');
      this.options = options;
      this.layout = null;
      this.axis = 'ticks';
      this.x0 = 0; this.x1 = 1;   // the visible part of the axis
      this.scrollY = 0;
      this.cursor = 0;
      this.matches = null;        // Int32Array of event indices, or null
      this.hiddenRows = new Set();
      this.highlight = -1;        // event whose arrows to emphasise (hover)
      this.partner = null;        // {layout, seq}: the other trace's cursor, when two are compared
      this.frameTimes = [];       // ms per draw, the latest 600 (the tests read them)
      this.pending = false;
      this.note = '';
      this.resize();
      new ResizeObserver(() => { this.resize(); this.draw(); }).observe(canvas);
      this.listen();
    }

    // ---- what to show ----
    setLayout(layout) {
      this.layout = layout;
      this.cursor = 0;
      this.hiddenRows.clear();
      this.matches = null;
      this.fit();
    }
    setAxis(axis) {
      if (!this.layout || axis === this.axis) return;
      // Keep the same events in view when switching.
      const first = this.layout.eventAt(this.axis, this.x0), last = this.layout.eventAt(this.axis, this.x1);
      this.axis = axis;
      const [lo, hi] = this.layout.extent(axis);
      this.x0 = this.layout.x(axis, first);
      this.x1 = Math.max(this.layout.xEnd(axis, last), this.x0 + (hi - lo) * 1e-6);
      if (first === 0 && last >= this.layout.count - 1) { this.x0 = lo; this.x1 = hi; }
      this.changed();
    }
    /** Shows what `other` shows (a timeline on the same shared axis). */
    follow(other) {
      if (!this.layout || (this.axis === other.axis && this.x0 === other.x0 && this.x1 === other.x1)) return;
      this.axis = other.axis;
      this.x0 = other.x0;
      this.x1 = other.x1;
      this.invalidate();
    }
    /** The view moved: redraw, and tell the app (a second timeline follows it). */
    changed() {
      this.invalidate();
      if (this.options.onView) this.options.onView();
    }
    fit() {
      if (!this.layout) return;
      const [lo, hi] = this.layout.extent(this.axis);
      const pad = (hi - lo) * 0.01;
      this.x0 = lo - pad; this.x1 = hi + pad;
      this.scrollY = 0;
      this.changed();
    }
    setCursor(seq, reveal) {
      this.cursor = seq;
      if (reveal && this.layout) this.reveal(seq);
      this.invalidate();
    }
    setMatches(matches) { this.matches = matches; this.invalidate(); }
    setHiddenRows(rows) { this.hiddenRows = rows; this.scrollY = 0; this.invalidate(); }

    /** Scrolls (without zooming) so that event `seq` and its row are in view. */
    reveal(seq) {
      const L = this.layout;
      const x = L.x(this.axis, seq), w = this.x1 - this.x0;
      if (x < this.x0 || x > this.x1) { this.x0 = x - w / 2; this.x1 = x + w / 2; this.changed(); }
      const rowY = this.rowTop(L.rows[L.eventRow[seq]]);
      const height = this.height - AXIS;
      if (rowY !== null && this.totalHeight > height &&
        (rowY - this.scrollY < 0 || rowY - this.scrollY > height - ROW)) this.scrollY = Math.max(0, rowY - height / 3);
    }

    /** Zooms by `factor` (<1: in) around canvas x `px`. */
    zoom(factor, px) {
      const at = this.toX(px);
      const [lo, hi] = this.layout.extent(this.axis);
      const minWidth = Math.max((hi - lo) * 1e-9, 1e-9);
      let w = Math.max((this.x1 - this.x0) * factor, minWidth);
      w = Math.min(w, (hi - lo) * 4 + 1);
      const share = (at - this.x0) / (this.x1 - this.x0);
      this.x0 = at - w * share;
      this.x1 = this.x0 + w;
      this.changed();
    }
    pan(dxPx, dyPx) {
      const dx = dxPx * (this.x1 - this.x0) / this.plotWidth;
      this.x0 -= dx; this.x1 -= dx;
      this.scrollY = Math.max(0, Math.min(this.scrollY - dyPx, Math.max(0, this.contentHeight() - (this.height - AXIS) + 20)));
      this.changed();
    }

    // ---- geometry ----
    resize() {
      const dpr = window.devicePixelRatio || 1;
      const rect = this.canvas.getBoundingClientRect();
      this.width = Math.max(200, rect.width);
      this.height = Math.max(120, rect.height);
      this.dpr = dpr;
      this.canvas.width = Math.round(this.width * dpr);
      this.canvas.height = Math.round(this.height * dpr);
      this.plotWidth = this.width - GUTTER - 8;
    }
    toPx(x) { return GUTTER + (x - this.x0) / (this.x1 - this.x0) * this.plotWidth; }
    toX(px) { return this.x0 + (px - GUTTER) / this.plotWidth * (this.x1 - this.x0); }
    rowHeight(row) { return row.lane === 'timers' ? TIMER_ROW : row.lane === 'task' ? TASK_ROW : ROW; }
    /** The top and height of the bars of a row starting at y. */
    barBox(row, y) {
      if (row.lane === 'timers') return [y + 2, TIMER_ROW - 4];
      if (row.lane === 'task') return [y + TASK_ROW - BAR - 3, BAR];
      return [y + (ROW - BAR) / 2, BAR];
    }
    /** Visible rows with their top y (before scrolling), lanes separated by a gap. */
    rowsWithY() {
      const out = [];
      let y = 0, lane = null;
      for (const row of this.layout.order) {
        if (this.hiddenRows.has(row.id)) continue;
        if (lane !== null && (row.lane !== lane || row.lane === 'task')) y += LANE_GAP;
        lane = row.lane;
        out.push([row, y]);
        y += this.rowHeight(row);
      }
      this.totalHeight = y;
      return out;
    }
    contentHeight() { this.rowsWithY(); return this.totalHeight; }
    rowTop(target) {
      for (const [row, y] of this.rowsWithY()) if (row === target) return y;
      return null;
    }

    // ---- drawing ----
    invalidate() {
      if (this.pending) return;
      this.pending = true;
      requestAnimationFrame(() => { this.pending = false; this.draw(); });
    }

    draw() {
      const started = performance.now();
      const { ctx, layout: L } = this;
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, this.width, this.height);
      if (!L) return;
      const axis = this.axis;
      this.i0 = L.eventAt(axis, this.toX(GUTTER));
      this.i1 = L.eventAt(axis, this.toX(GUTTER + this.plotWidth));
      const rows = this.rowsWithY();
      this.rowY = new Map();
      for (const [row, y] of rows) this.rowY.set(row.id, AXIS + y - this.scrollY);

      ctx.save();
      ctx.beginPath();
      ctx.rect(GUTTER, AXIS, this.width - GUTTER, this.height - AXIS);
      ctx.clip();
      this.drawTickBands();
      for (const [row] of rows) {
        const y = this.rowY.get(row.id);
        if (y > this.height || y + this.rowHeight(row) < AXIS) continue;
        this.drawBars(row, y);
        this.drawMarks(row, y);
      }
      this.drawArrows();
      this.drawCursor();
      ctx.restore();
      this.drawAxis();
      this.drawGutter(rows);
      this.drawMatches();
      const took = performance.now() - started;
      this.frameTimes.push(took);
      if (this.frameTimes.length > 600) this.frameTimes.shift();
    }

    // Alternate shading of ticks, when they are wide enough to tell apart.
    drawTickBands() {
      const { ctx, layout: L } = this;
      if (this.axis !== 'ticks') return;
      const g0 = L.groupOf(this.i0), g1 = L.groupOf(this.i1);
      if ((g1 - g0 + 1) * 6 > this.plotWidth) return;
      ctx.fillStyle = '#f4f5f8';
      for (let g = g0; g <= g1; g++) {
        if (g % 2 === 0) continue;
        const a = this.toPx(L.groupStart[g]), b = this.toPx(L.groupStart[g + 1]);
        ctx.fillRect(a, AXIS, b - a, this.height - AXIS);
      }
    }

    drawBars(row, y) {
      const { ctx, layout: L, axis } = this;
      const [top, height] = this.barBox(row, y);
      let k = row.firstEndingFrom(this.i0);
      const last = this.i1;
      // A run of bars narrower than 2 px, drawn as one block when it ends.
      let mergeFrom = -1, mergeTo = -1, mergeStyle = -1, mergeCount = 0;
      const flush = () => {
        if (mergeCount === 0) return;
        // One bar: its own colour. Several of one style: that style. Mixed: the row's usual style.
        const style = STYLES[mergeStyle >= 0 ? mergeStyle : row.mainStyle];
        ctx.fillStyle = style.fill === '#ffffff' || (mergeCount > 1 && style.stroke) ? style.stroke || '#8a8a8a' : style.fill;
        ctx.fillRect(mergeFrom, top, Math.max(mergeTo - mergeFrom, 1.5), height);
        mergeCount = 0;
      };
      while (k < row.count && row.start[k] <= last) {
        const s = row.start[k], e = row.end[k];
        const a = this.toPx(L.x(axis, s)), b = this.toPx(L.xEnd(axis, e));
        if (b - a >= 2) {
          flush();
          this.drawBar(row, k, a, b, top, height);
          k++;
          continue;
        }
        // Narrow: merge it with the block being built if it touches it.
        if (mergeCount && a <= mergeTo + 1) {
          mergeTo = Math.max(mergeTo, b);
          if (mergeStyle !== row.style[k]) mergeStyle = -1;
          mergeCount++;
        } else {
          flush();
          mergeFrom = a; mergeTo = b; mergeStyle = row.style[k]; mergeCount = 1;
        }
        // Skip the other bars that start inside this pixel: they change nothing.
        const nextPixel = Math.floor(a) + 1;
        if (b < nextPixel) {
          const skipTo = row.firstStartingFrom(L.eventAt(axis, this.toX(nextPixel)));
          if (skipTo > k + 1) {
            for (let j = k + 1; j < Math.min(skipTo, k + 4); j++) if (row.style[j] !== mergeStyle) mergeStyle = -1;
            mergeCount += skipTo - k - 1;
            mergeTo = Math.max(mergeTo, nextPixel);
            k = skipTo;
            continue;
          }
        }
        k++;
      }
      flush();
    }

    drawBar(row, k, a, b, top, height) {
      const ctx = this.ctx;
      const style = STYLES[row.style[k]];
      const left = Math.max(a, GUTTER - 2), right = Math.min(b, this.width + 2);
      ctx.fillStyle = style.fill;
      ctx.fillRect(left, top, right - left, height);
      if (style.stroke) {
        ctx.strokeStyle = style.stroke;
        ctx.lineWidth = 1;
        if (style.dash) ctx.setLineDash([4, 3]);
        ctx.strokeRect(left + 0.5, top + 0.5, right - left - 1, height - 1);
        if (style.dash) ctx.setLineDash([]);
      }
      // The bar holding the cursor gets a black frame.
      if (row.start[k] <= this.cursor && this.cursor <= row.end[k] && this.layout.eventRow[this.cursor] === row.id) {
        ctx.strokeStyle = '#000000';
        ctx.lineWidth = 2;
        ctx.strokeRect(left + 1, top + 1, right - left - 2, height - 2);
      }
      const room = right - left - 8;
      if (room > 24 && height >= 12) {
        const text = fit(this.layout.label(row, k), room, height < 14 ? 5.6 : 6.4);
        if (text) {
          ctx.font = height < 14 ? SMALL_FONT : FONT;
          ctx.fillStyle = style.text;
          ctx.textBaseline = 'middle';
          ctx.fillText(text, left + 4, top + height / 2 + 0.5);
        }
      }
    }

    drawMarks(row, y) {
      const { layout: L, ctx } = this;
      const x = (i) => L.x(this.axis, i);
      const at = row.markAt, styles = row.markStyle;
      const [top, height] = this.barBox(row, y);
      let k = row.firstMarkFrom(this.i0);
      let lastPx = -10, labelUntil = -Infinity;
      // Marks closer than 3 px to the one before form a run, drawn as one strip (a
      // zoomed-out trace has thousands of prints side by side: one rectangle, not a
      // shape each), and those inside one pixel are skipped with a binary search.
      let runFrom = -1, runMark = null;
      const flushRun = () => {
        if (runFrom < 0 || lastPx - runFrom < 2) { runFrom = -1; return; }
        ctx.fillStyle = runMark.color;
        if (runMark.shape === 'text') {  // in the band of the print tags
          const tagTop = row.lane === 'task' ? y + 3 : y + 1;
          ctx.fillRect(runFrom - 1, tagTop, lastPx - runFrom + 2, row.lane === 'task' ? top - tagTop + 4 : 7);
        } else {
          ctx.fillRect(runFrom - 1, top + height / 2 - 3, lastPx - runFrom + 2, 6);
        }
        runFrom = -1;
      };
      while (k < at.length && at[k] <= this.i1) {
        const px = this.toPx(x(at[k]));
        if (px - lastPx < 3) {
          if (runFrom < 0) { runFrom = lastPx; runMark = MARKS[styles[k]]; }
          lastPx = px;
          // Skip to the first mark past this pixel.
          k = Math.max(k + 1, row.firstMarkFrom(L.eventAt(this.axis, this.toX(px + 1)) + 1));
          continue;
        }
        flushRun();
        lastPx = px;
        const mark = MARKS[styles[k]];
        this.drawMark(mark, px, row, y, top, height);
        if (mark.shape === 'text' && row.lane === 'task' && px > labelUntil) {
          // Prints close together (as in one step) share a label: "Waiting: 1 · long time work".
          const seqs = [at[k]];
          let room = this.width - px;
          for (let j = k + 1; j < at.length && j < k + 8; j++) {
            if (MARKS[styles[j]].shape !== 'text') continue;
            const p = this.toPx(x(at[j]));
            if (p - px > 24) { room = p - px; break; }
            seqs.push(at[j]);
            if (j === k + 7) room = 0;  // a dense run of prints: no room for words
          }
          labelUntil = px + this.drawPrintLabel(y, px, seqs, room);
        }
        k++;
      }
      flushRun();
    }

    /** Writes the printed lines after a print mark; returns the width used. */
    drawPrintLabel(y, px, seqs, room) {
      if (room < 40) return 0;
      const text = fit(seqs.map((i) => this.layout.trace.event(i).text).join(' · '), Math.min(room - 10, 320), 6);
      if (!text) return 0;
      const ctx = this.ctx;
      ctx.font = SMALL_FONT;
      ctx.textBaseline = 'top';
      ctx.fillStyle = '#000000';
      ctx.fillText(text, px + 4, y + 3);
      return text.length * 6 + 8;
    }

    drawMark(mark, px, row, y, top, height) {
      const ctx = this.ctx;
      ctx.fillStyle = mark.color;
      ctx.strokeStyle = mark.color;
      ctx.lineWidth = 2;
      const cy = top + height / 2;
      switch (mark.shape) {
        case 'text': {  // a print: a tag above the bar, with the printed text when there is room
          const tagTop = row.lane === 'task' ? y + 3 : y + 1;
          ctx.fillRect(px - 1, tagTop, 2, row.lane === 'task' ? top - tagTop + 4 : 7);
          break;
        }
        case 'check':
          ctx.beginPath(); ctx.moveTo(px - 4, cy); ctx.lineTo(px - 1, cy + 4); ctx.lineTo(px + 5, cy - 5); ctx.stroke();
          break;
        case 'cross':
          ctx.beginPath(); ctx.moveTo(px - 4, cy - 4); ctx.lineTo(px + 4, cy + 4); ctx.moveTo(px + 4, cy - 4); ctx.lineTo(px - 4, cy + 4); ctx.stroke();
          break;
        case 'diamond':
          ctx.beginPath(); ctx.moveTo(px, cy - 6); ctx.lineTo(px + 6, cy); ctx.lineTo(px, cy + 6); ctx.lineTo(px - 6, cy); ctx.closePath(); ctx.fill();
          break;
        case 'triangle':  // a trap: a small ▼ at the top of the bar
          ctx.beginPath(); ctx.moveTo(px - 4, top - 1); ctx.lineTo(px + 4, top - 1); ctx.lineTo(px, top + 5); ctx.closePath(); ctx.fill();
          break;
        case 'bang':
          ctx.font = 'bold 14px sans-serif'; ctx.textBaseline = 'middle'; ctx.fillText('!', px - 2, cy);
          break;
      }
    }

    drawArrows() {
      const { ctx, layout: L, axis } = this;
      const focus = new Set([this.cursor, this.highlight]);
      const visible = [];
      for (let k = L.firstArrowTo(this.i0); k < L.arrowCount && L.arrowMinFrom[k] <= this.i1; k++) {
        if (L.arrowFrom[k] > this.i1) continue;
        if (this.hiddenRows.has(L.arrowFromRow[k]) || this.hiddenRows.has(L.arrowToRow[k])) continue;
        visible.push(k);
        if (visible.length > 20 * MAX_ARROWS) break;
      }
      const tooMany = visible.length > MAX_ARROWS;
      this.note = tooMany ? `${visible.length > 20 * MAX_ARROWS ? 'many' : visible.length} arrows: zoom in to see them` : '';
      // The arrows are collected into one path per colour (and one for the focused
      // ones of each colour), then drawn with one stroke and one fill each: hundreds of
      // curves cost a few canvas calls, not hundreds.
      const paths = ARROWS.map(() => ({ lines: new Path2D(), heads: new Path2D(), focusLines: new Path2D(), focusHeads: new Path2D(), used: false, focused: false }));
      for (const k of visible) {
        const from = L.arrowFrom[k], to = L.arrowTo[k];
        const focused = focus.has(from) || focus.has(to);
        if (tooMany && !focused) continue;
        const y0 = this.rowY.get(L.arrowFromRow[k]), y1 = this.rowY.get(L.arrowToRow[k]);
        if (y0 === undefined || y1 === undefined) continue;
        const fromRow = L.rows[L.arrowFromRow[k]], toRow = L.rows[L.arrowToRow[k]];
        const ax = this.toPx((L.x(axis, from) + L.xEnd(axis, from)) / 2);
        const bx = this.toPx(L.x(axis, to)) + 1;
        const [fromTop, fromHeight] = this.barBox(fromRow, y0), [toTop, toHeight] = this.barBox(toRow, y1);
        const ay = fromTop + fromHeight / 2, by = toTop + toHeight / 2 + (y1 > y0 ? -5 : y1 < y0 ? 5 : 0);
        const path = paths[L.arrowType[k]];
        if (focused) { path.focused = true; addArrow(path.focusLines, path.focusHeads, ax, ay, bx, by); }
        else { path.used = true; addArrow(path.lines, path.heads, ax, ay, bx, by); }
      }
      for (const pass of ['used', 'focused']) {  // the focused ones on top
        ctx.globalAlpha = pass === 'used' ? 0.45 : 1;
        ctx.lineWidth = pass === 'used' ? 1.2 : 2;
        paths.forEach((path, type) => {
          if (!path[pass]) return;
          ctx.strokeStyle = ctx.fillStyle = ARROWS[type].color;
          ctx.stroke(pass === 'used' ? path.lines : path.focusLines);
          ctx.fill(pass === 'used' ? path.heads : path.focusHeads);
        });
      }
      ctx.globalAlpha = 1;
    }

    drawCursor() {
      const { ctx, layout: L } = this;
      if (this.partner) {
        // Where the other trace's cursor is, on the shared axis: a faint line.
        const p = this.partner, px = Math.round(this.toPx((p.layout.x(this.axis, p.seq) + p.layout.xEnd(this.axis, p.seq)) / 2)) + 0.5;
        ctx.strokeStyle = 'rgba(213, 94, 0, 0.55)';
        ctx.lineWidth = 1;
        ctx.setLineDash([2, 4]);
        ctx.beginPath(); ctx.moveTo(px, AXIS); ctx.lineTo(px, this.height); ctx.stroke();
        ctx.setLineDash([]);
      }
      const a = this.toPx(L.x(this.axis, this.cursor)), b = this.toPx(L.xEnd(this.axis, this.cursor));
      const x = Math.round((a + b) / 2) + 0.5;
      ctx.fillStyle = 'rgba(0, 0, 0, 0.07)';
      if (b - a > 3) ctx.fillRect(a, AXIS, b - a, this.height - AXIS);
      ctx.strokeStyle = '#000000';
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath(); ctx.moveTo(x, AXIS); ctx.lineTo(x, this.height); ctx.stroke();
      ctx.setLineDash([]);
      // A marker on the cursor's own row.
      const y = this.rowY.get(L.eventRow[this.cursor]);
      if (y !== undefined) {
        ctx.fillStyle = '#000000';
        ctx.beginPath(); ctx.moveTo(x - 5, y - 1); ctx.lineTo(x + 5, y - 1); ctx.lineTo(x, y + 5); ctx.closePath(); ctx.fill();
      }
    }

    drawAxis() {
      const { ctx, layout: L } = this;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, this.width, AXIS);
      ctx.strokeStyle = '#d0d0d0';
      ctx.beginPath(); ctx.moveTo(GUTTER, AXIS - 0.5); ctx.lineTo(this.width, AXIS - 0.5); ctx.stroke();
      ctx.font = SMALL_FONT;
      ctx.fillStyle = '#333333';
      ctx.textBaseline = 'middle';
      if (this.axis === 'ticks') {
        // Every tick when there is room, else every 2nd, 5th, 10th…
        const g0 = L.groupOf(this.i0), g1 = L.groupOf(this.i1);
        const step = Math.max(1, Math.round(niceStep((g1 - g0 + 1) * 64 / this.plotWidth)));
        let lastPx = -Infinity;
        for (let g = Math.ceil(g0 / step) * step; g <= g1; g += step) {
          const px = this.toPx(L.groupStart[g]);
          if (px < GUTTER - 40 || px - lastPx < 56) continue;
          lastPx = px;
          ctx.fillStyle = '#c0c0c0';
          ctx.fillRect(px, AXIS - 6, 1, 6);
          ctx.fillStyle = '#333333';
          ctx.fillText(`${L.tickWord} ${L.groupTick[g]}`, Math.max(px + 3, GUTTER + 2), AXIS / 2);
        }
      } else {
        const step = niceStep((this.x1 - this.x0) * 90 / this.plotWidth);
        for (let x = Math.ceil(this.x0 / step) * step; x <= this.x1; x += step) {
          const px = this.toPx(x);
          if (px < GUTTER) continue;
          ctx.fillStyle = '#c0c0c0';
          ctx.fillRect(px, AXIS - 6, 1, 6);
          ctx.fillStyle = '#333333';
          ctx.fillText(`${formatNumber(x, step)} s`, px + 3, AXIS / 2);
        }
      }
      ctx.fillStyle = '#555555';
      ctx.fillText(this.axis === 'ticks' ? `x: ${L.tickWord}s` : 'x: loop time', 8, AXIS / 2);
    }

    drawGutter(rows) {
      const ctx = this.ctx;
      ctx.save();
      ctx.beginPath(); ctx.rect(0, AXIS, GUTTER, this.height - AXIS); ctx.clip();
      ctx.fillStyle = '#fbfbfc';
      ctx.fillRect(0, AXIS, GUTTER, this.height - AXIS);
      ctx.fillStyle = '#e0e0e0';
      ctx.fillRect(GUTTER - 1, AXIS, 1, this.height - AXIS);
      for (const [row] of rows) {
        const y = this.rowY.get(row.id);
        const h = this.rowHeight(row);
        if (row.title) {
          ctx.fillStyle = '#1a1a1a';
          ctx.font = 'bold ' + FONT;
          ctx.textBaseline = 'middle';
          ctx.fillText(fit(row.title, 88, 7), 8, y + h / 2);
        }
        if (row.subtitle) {
          ctx.fillStyle = '#666666';
          ctx.font = SMALL_FONT;
          ctx.textBaseline = 'middle';
          const x = row.title ? 8 + Math.min(ctx.measureText(row.title).width * 1.1 + 8, 96) : 8;
          ctx.fillText(fit(row.subtitle, GUTTER - x - 6, 5.6), x, y + h / 2);
        }
      }
      ctx.restore();
    }

    // Matches of the filter: small marks along the top edge of the plot.
    drawMatches() {
      const { ctx, layout: L, matches } = this;
      if (!matches || !matches.length) return;
      ctx.fillStyle = Coolio.OKABE_ITO.vermillion;
      let lastPx = -1;
      let lo = 0, hi = matches.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (matches[mid] < this.i0) lo = mid + 1; else hi = mid; }
      for (let k = lo; k < matches.length && matches[k] <= this.i1; k++) {
        const px = Math.floor(this.toPx(L.x(this.axis, matches[k])));
        if (px === lastPx) continue;
        lastPx = px;
        ctx.fillRect(px, AXIS - 5, 2, 5);
      }
    }

    // ---- pointing ----
    /** What is at canvas point (px, py): {row, bar k or mark, seq}, or null. */
    hit(px, py) {
      const L = this.layout;
      if (!L || px < GUTTER || py < AXIS) return null;
      for (const [row] of this.rowsWithY()) {
        const y = this.rowY.get(row.id);
        if (y === undefined || py < y || py >= y + this.rowHeight(row)) continue;
        // A mark within 4 px wins over the bar below it.
        const iAt = L.eventAt(this.axis, this.toX(px));
        const lo = L.eventAt(this.axis, this.toX(px - 4)), hi = L.eventAt(this.axis, this.toX(px + 4));
        for (let k = row.firstMarkFrom(lo); k < row.markAt.length && row.markAt[k] <= hi; k++)
          return { row, mark: k, seq: row.markAt[k] };
        for (let k = row.firstEndingFrom(lo); k < row.count && row.start[k] <= hi; k++) {
          const a = this.toPx(L.x(this.axis, row.start[k])), b = this.toPx(L.xEnd(this.axis, row.end[k]));
          // The bar's own event: the step, the run, the suspend that began a wait, the select…
          if (px >= Math.min(a, b - 2) - 2 && px <= Math.max(b, a + 2) + 2) return { row, bar: k, seq: row.ref[k] };
        }
        return { row, seq: iAt };
      }
      return null;
    }

    listen() {
      const canvas = this.canvas;
      let drag = null;
      const point = (event) => {
        const rect = canvas.getBoundingClientRect();
        return [event.clientX - rect.left, event.clientY - rect.top];
      };
      canvas.addEventListener('wheel', (event) => {
        if (!this.layout) return;
        event.preventDefault();
        const [px] = point(event);
        if (event.shiftKey) this.pan(-(event.deltaY || event.deltaX), 0);
        else this.zoom(Math.pow(1.0015, event.deltaY), Math.max(px, GUTTER));
      }, { passive: false });
      canvas.addEventListener('mousedown', (event) => {
        const [px, py] = point(event);
        drag = { px, py, moved: false };
      });
      window.addEventListener('mousemove', (event) => {
        if (!this.layout) return;
        const [px, py] = point(event);
        if (drag) {
          if (Math.abs(px - drag.px) + Math.abs(py - drag.py) > 3) drag.moved = true;
          if (drag.moved) { this.pan(px - drag.px, py - drag.py); drag.px = px; drag.py = py; }
          return;
        }
        if (event.target !== canvas) return;
        const info = this.hit(px, py);
        const seq = info && (info.bar !== undefined || info.mark !== undefined) ? info.seq : -1;
        if (seq !== this.highlight) { this.highlight = seq; this.invalidate(); }
        this.options.onHover(info && (info.bar !== undefined || info.mark !== undefined) ? info : null, event.clientX, event.clientY);
      });
      window.addEventListener('mouseup', (event) => {
        if (drag && !drag.moved && this.layout) {
          const [px, py] = point(event);
          const info = this.hit(px, py);
          if (info) this.options.onCursor(info.seq);
          else if (px >= GUTTER) this.options.onCursor(this.layout.eventAt(this.axis, this.toX(px)));
        }
        drag = null;
      });
      canvas.addEventListener('mouseleave', () => {
        this.options.onHover(null);
        if (this.highlight !== -1) { this.highlight = -1; this.invalidate(); }
      });
    }
  }

  // ---- small helpers ----

  /** `text` cut to about `width` px (at `charWidth` px a character), or '' if too narrow. */
  function fit(text, width, charWidth) {
    const chars = Math.floor(width / charWidth);
    if (chars < 3) return '';
    return text.length <= chars ? text : text.slice(0, chars - 1) + '…';
  }

  /** 1, 2 or 5 times a power of ten, at least `rough`. */
  function niceStep(rough) {
    const power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (const m of [1, 2, 5, 10]) if (m * power >= rough) return m * power;
    return 10 * power;
  }
  function formatNumber(x, step) {
    const decimals = Math.max(0, -Math.floor(Math.log10(step)));
    return x.toFixed(Math.min(decimals, 9));
  }

  /** Adds an arrow from (ax, ay) to (bx, by): its curve to `line`, its head to `head` (Path2D). */
  function addArrow(line, head, ax, ay, bx, by) {
    // A curve that leaves and arrives horizontally, bending more for longer arrows.
    const bend = Math.max(18, Math.min(80, Math.abs(bx - ax) / 2));
    line.moveTo(ax, ay);
    if (Math.abs(by - ay) < 2) line.bezierCurveTo(ax + bend / 2, ay - 14, bx - bend / 2, by - 14, bx, by);
    else line.bezierCurveTo(ax + bend, ay, bx - bend, by, bx, by);
    // The head points along the end of the curve.
    const angle = Math.abs(by - ay) < 2 ? Math.atan2(14, bend / 2) : 0;
    const size = 6;
    head.moveTo(bx, by);
    head.lineTo(bx - size * Math.cos(angle - 0.45), by - size * Math.sin(angle - 0.45));
    head.lineTo(bx - size * Math.cos(angle + 0.45), by - size * Math.sin(angle + 0.45));
    head.closePath();
  }

  Coolio.Timeline = Timeline;
})(globalThis.Coolio = globalThis.Coolio || {});

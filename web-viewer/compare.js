// compare.js — two traces on one x axis: the same program on asyncio's loop and on
// curio's kernel (or any two runs), one timeline above the other.
//
// On the loop-time axis the two already agree: a time is a time. The ticks axis
// (asyncio's ticks, curio's kernel cycles) is made to agree too: each trace's ticks
// are grouped by the loop time at which they end, and the group of one time starts at
// the same x in both traces, as wide as the wider of the two; inside it, each trace's
// ticks share the room as before (wider for busier ticks). So the tick in which the
// clock jumps to 1.0 s starts at the same place in both, and a reader sees how many
// ticks (or cycles) each runtime needed between the same two moments.
(function (Coolio) {
  'use strict';

  /** Rewrites the tick positions of `layouts` (two Layouts) onto one shared axis. */
  function alignLayouts(layouts) {
    // One unit for both: a tick is 1 wide plus its share of the events (as layout.js
    // does for one trace), the share measured against both traces' average tick.
    const events = layouts.reduce((sum, L) => sum + L.count, 0);
    const groups = layouts.reduce((sum, L) => sum + L.groups, 0);
    const mean = events / Math.max(groups, 1);
    // Per trace: runs of ticks that end at the same loop time, with their widths.
    const runs = layouts.map((L) => {
      const list = [];
      for (let g = 0; g < L.groups; g++) {
        const t = L.times[L.groupFirst[g + 1] - 1];
        const width = 1 + (L.groupFirst[g + 1] - L.groupFirst[g]) / mean;
        const last = list[list.length - 1];
        if (last && last.t === t) { last.groups.push(g); last.widths.push(width); last.width += width; }
        else list.push({ t, groups: [g], widths: [width], width });
      }
      return list;
    });
    // Walk both lists in time order; a time both traces reach gets one shared segment.
    const next = layouts.map(() => 0);
    let x = 0;
    for (;;) {
      let t = Infinity;
      runs.forEach((list, k) => { if (next[k] < list.length && list[next[k]].t < t) t = list[next[k]].t; });
      if (t === Infinity) break;
      const here = runs.map((list, k) => (next[k] < list.length && list[next[k]].t === t ? list[next[k]] : null));
      const width = Math.max(...here.map((run) => (run ? run.width : 0)));
      here.forEach((run, k) => {
        if (!run) return;
        const L = layouts[k], scale = width / run.width;
        let at = x;
        run.groups.forEach((g, j) => { L.groupStart[g] = at; at += run.widths[j] * scale; });
        L.groupStart[L.groups] = at;  // the end of its last tick so far
        next[k]++;
      });
      x += width;
    }
    // Fit shows both whole: the union of their extents, on each axis.
    const timeLo = Math.min(...layouts.map((L) => L.times[0]));
    const timeHi = Math.max(...layouts.map((L) => Math.max(L.times[L.count - 1], L.times[0] + 1e-3)));
    const shared = { ticks: [0, x], time: [timeLo, timeHi] };
    for (const L of layouts) L.sharedExtent = shared;
  }

  Coolio.alignLayouts = alignLayouts;
})(globalThis.Coolio = globalThis.Coolio || {});

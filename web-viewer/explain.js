// explain.js — one event in words: a headline, and what asyncio does there and why.
//
// The explanations themselves are the stepper's (tracer/src/explain.cpp), brought here
// as data by explanations.js. This file only picks the rows for an event, with the
// same rule as explain_event() in C++: the kind's general row, then the note of its
// "variant" (the callback's function for handle events, the reason a task suspended,
// the label of a new future, …). A browser test checks that both give the same text
// for every event of the golden traces.
(function (Coolio) {
  'use strict';

  // lang → kind → variant → row. A translated row leaves asyncio empty: function names
  // are not translated, so they come from the English row (as explain_event() does).
  const ROWS = new Map();
  for (const [kind, variant, lang, asyncio, text] of Coolio.EXPLANATIONS) {
    if (!ROWS.has(lang)) ROWS.set(lang, new Map());
    const kinds = ROWS.get(lang);
    if (!kinds.has(kind)) kinds.set(kind, new Map());
    kinds.get(kind).set(variant, { asyncio, text });
  }
  /** The row in `lang`, else the English one, else null. */
  function row(lang, kind, variant) {
    const find = (l) => (ROWS.get(l) && ROWS.get(l).get(kind) && ROWS.get(l).get(kind).get(variant)) || null;
    return find(lang) || find('en');
  }
  /** The languages the explanations exist in ("en", "zh"). */
  Coolio.LANGUAGES = Array.from(ROWS.keys());
  /** The language explain() uses unless told: the page's switch sets it. */
  Coolio.lang = 'en';

  /** The page's label `key` (Coolio.LABELS) in Coolio.lang, its {} filled with `args`. */
  Coolio.label = function (key, ...args) {
    const texts = (Coolio.LABELS || {})[key];
    if (!texts) return key;
    let next = 0;
    return (texts[Coolio.lang] || texts.en).replace(/\{(\d*)\}/g, (_, at) => String(args[at === '' ? next++ : Number(at)]));
  };

  /** "__wakeup" for "Task-2.__wakeup(Future-6)", as callback_function() in C++. */
  function callbackFunction(callback) {
    const name = callback.split('(')[0];
    return name.slice(name.lastIndexOf('.') + 1);
  }

  /** Which variant row applies to event `e` (as explanation_variant() in C++). */
  function variant(e) {
    switch (e.kind) {
      case 'select': return e.timeout === null ? 'block' : e.timeout > 0 ? 'wait' : 'no_wait';
      case 'timer.due': case 'call_soon': case 'call_at': case 'handle.run': case 'handle.cancel':
        return callbackFunction(e.callback);
      case 'task.step': return e.mode === 'throw' ? 'throw' : 'send';
      case 'task.suspend': return e.reason;
      case 'task.done': case 'future.resolve': return e.outcome;
      case 'future.new': return e.label;
      case 'future.callback': return e.op === 'add' ? callbackFunction(e.callback || '') : 'remove';
      case 'kernel.phase': return e.phase;
      case 'trap': return e.trap;
      case 'task.resume': return e.mode === 'throw' ? 'throw' : e.via === 'trap' ? 'trap' : 'ready';
      case 'task.park': return e.state;
      default: return '';
    }
  }

  /**
   * {asyncio, text} for event `e` in `lang`: the general row, then the variant's note.
   * In a trace of the curio kernel (`runtime` "curio") a kind both runtimes share
   * (print, task.new…) is explained by its "curio" row, as explain_event() does in C++.
   */
  function explain(e, lang = Coolio.lang, runtime = 'asyncio') {
    const out = { asyncio: '', text: '' };
    const curioRow = runtime === 'curio' ? row(lang, e.kind, 'curio') : null;
    const general = curioRow || row(lang, e.kind, '');
    if (general) { out.asyncio = row('en', e.kind, curioRow ? 'curio' : '').asyncio; out.text = general.text; }
    const v = variant(e);
    const note = v ? row(lang, e.kind, v) : null;
    if (note) {
      // The note's function is the more precise one: name it first.
      const asyncio = row('en', e.kind, v).asyncio;
      if (asyncio && asyncio !== out.asyncio) out.asyncio = asyncio + ' · ' + out.asyncio;
      out.text += (lang === 'zh' ? '' : ' ') + note.text;  // Chinese sentences need no space
    }
    return out;
  }

  // ---- headlines: what happened, in one short line (the event list, the panel) ----

  function plural(n, word) { return `${n} ${word}${n === 1 ? '' : 's'}`; }
  /** A time as Python prints a float: 1 → "1.0", 0.5 → "0.5". */
  function seconds(x) { return x === null ? '?' : Number.isInteger(x) ? x.toFixed(1) : String(x); }

  /**
   * One line for event `e`. `names` gives "Task-2" or "Future-6 (sleep)" for an id;
   * the texts come from the trace and must be shown as text (never as HTML).
   */
  function headline(e, names) {
    switch (e.kind) {
      case 'trace.begin': return `trace of ${e.scenario} (${e.clock} clock)`;
      case 'tick.begin': return `tick ${e.tick} begins · ready ${e.ready} · timers ${e.scheduled}` +
        (e.dropped.length ? ` · drops ${plural(e.dropped.length, 'cancelled timer')}` : '');
      case 'select':
        if (e.timeout === null) return 'select: nothing ready, no timer: wait for I/O';
        if (e.timeout > 0) return `select: wait ${seconds(e.timeout)} s for the next timer (now t=${seconds(e.t)})`;
        return e.events > 0 ? `select: ${plural(e.events, 'descriptor')} ready` : 'select: handles are ready, no wait';
      case 'io.ready': return `fd ${e.fd} is ready (${e.events})` +
        (e.handles.length ? `: ${plural(e.handles.length, 'handle')} join the ready queue` : '');  // (curio: none, a task.wake follows)
      case 'io.watch': return `watch fd ${e.fd} (${e.events === 'r' ? 'readable' : 'writable'}) → ${e.callback}`;
      case 'io.unwatch': return `stop watching fd ${e.fd} (${e.events === 'r' ? 'readable' : 'writable'})`;
      case 'timer.due': return `timer due (when=${seconds(e.when)}): ${e.callback} → ready queue`;
      case 'call_soon': return `call_soon ${e.callback}`;
      case 'call_at': return `call_at(${seconds(e.when)}) ${e.callback} → timer heap`;
      case 'handle.run': return `run ${e.callback}`;
      case 'handle.skip': return `skip ${e.callback} (cancelled)`;
      case 'handle.cancel': return `cancel ${e.callback}`;
      case 'task.new': return `${e.name} created for ${e.coro}()`;
      case 'task.step': return e.mode === 'throw' ? `${e.name} steps: throw ${e.exception}` : `${e.name} steps: send(None)`;
      case 'task.suspend':
        if (e.reason === 'yield') return `${e.name} yields (sleep(0)): its next step is queued`;
        if (e.reason === 'bad_yield') return `${e.name} awaited a non-future`;
        return `${e.name} suspends on ${names(e.future)}`;
      case 'task.done': return `${e.name} is done: ${outcomeText(e)}`;
      case 'future.new': return `${names(e.future)} created`;
      case 'future.resolve': return `${names(e.future)} resolved: ${outcomeText(e)}` +
        (e.callbacks ? ` · ${plural(e.callbacks, 'callback')} queued` : '');
      case 'future.callback': return e.op === 'add' ? `${names(e.future)} gets done-callback ${e.callback}`
        : `${names(e.future)} loses done-callback #${e.token}`;
      case 'print': return `${e.task === null ? 'main' : e.name} prints: ${e.text}`;
      case 'loop.exception': return `exception handler: ${e.message} (${e.exception})`;
      case 'loop.stop': return 'stop(): the loop returns after this tick';
      case 'trace.end': return `the run ended (${e.reason})` + (e.error ? `: ${e.error}` : '');
      // curio's kernel
      case 'kernel.cycle': return `cycle ${e.tick} begins · ready ${e.ready} · sleeping ${e.sleeping}`;
      case 'kernel.phase': return `kernel phase: ${e.phase}` +
        ({ io: ' (poll the selector)', time: ' (sleeps over → ready queue)', run: ' (run the ready tasks)' }[e.phase] || '');
      case 'trap': return `${e.name} traps: ${e.trap}(${e.args})`;
      case 'task.resume': return `${e.name} resumed ${e.via === 'trap' ? 'after its trap' : 'off the ready queue'}: ` +
        (e.mode === 'throw' ? `throw ${e.exception}` : `send(${e.value})`);
      case 'task.park': return `${e.name} parks: ${e.state} on ${e.on}` + (e.until !== undefined ? ` until ${seconds(e.until)} s` : '');
      case 'task.wake': return `${e.name} woken: ${e.reason} → ready queue`;
      default: return e.kind;
    }
  }

  function outcomeText(e) {
    if (e.outcome === 'result') return `result ${e.result}`;
    if (e.outcome === 'exception') return `exception ${e.exception}`;
    return 'cancelled';
  }

  Coolio.explain = explain;
  Coolio.explainVariant = variant;
  Coolio.headline = headline;
  Coolio.seconds = seconds;
})(globalThis.Coolio = globalThis.Coolio || {});

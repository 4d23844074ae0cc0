// trace.js — reads a coolio trace (JSON Lines) and checks every line.
//
// The rules are those of docs/trace-format.md, taken from kinds.js (generated from the
// table the C++ reader uses), and a problem is reported the same way: "FILE:LINE: what
// is wrong".
//
// Why not simply JSON.parse every line and keep the objects? A trace of a million
// events is about 125 MB: as objects it takes over half a gigabyte, and JSON.parse
// alone needs about two seconds. So this reader scans the bytes itself, checks each
// line as it goes, and keeps only a few numbers per event, in typed arrays
// ("columns"): its kind, tick, loop time, cause, and the ids that the timeline and
// the state model need (which handle, task or future). The event itself is parsed
// from its line, with JSON.parse, only when someone looks at it: Trace.event(i).
(function (Coolio) {
  'use strict';

  // ---- what the columns hold -------------------------------------------------------
  // For each kind, which field goes into the number columns a, b and num, which field
  // is an enumeration kept as a small number in `flag`, and which list is kept.
  const COLUMNS = {
    'tick.begin': { a: 'ready', b: 'scheduled', num: 'timeout', list: 'dropped' },
    'select': { a: 'events', num: 'timeout' },
    'io.ready': { a: 'fd', flag: 'events', list: 'handles' },
    'io.watch': { a: 'handle', b: 'fd', flag: 'events' },
    'io.unwatch': { b: 'fd', flag: 'events' },
    'timer.due': { a: 'handle', num: 'when' },
    'call_soon': { a: 'handle' },
    'call_at': { a: 'handle', num: 'when' },
    'handle.run': { a: 'handle' },
    'handle.skip': { a: 'handle' },
    'handle.cancel': { a: 'handle' },
    'task.new': { a: 'task' },
    'task.step': { a: 'task', flag: 'mode' },
    'task.suspend': { a: 'task', b: 'future', flag: 'reason' },
    'task.done': { a: 'task', b: 'callbacks', flag: 'outcome' },
    'future.new': { a: 'future' },
    'future.resolve': { a: 'future', b: 'callbacks', flag: 'outcome' },
    'future.callback': { a: 'future', b: 'token', flag: 'op' },
    'print': { a: 'task' },
    'loop.exception': { a: 'handle' },
    // curio's kernel
    'kernel.cycle': { a: 'ready', b: 'sleeping', num: 'timeout' },
    'kernel.phase': { flag: 'phase' },
    'trap': { a: 'task' },
    'task.resume': { a: 'task', flag: 'via' },
    'task.park': { a: 'task', num: 'until' },
    'task.wake': { a: 'task' },
  };
  // The values of the enumerated fields; `flag` is the position in the list, plus one
  // (0: a value this viewer does not know, which the format does not forbid).
  const FLAGS = {
    events: ['r', 'w', 'rw'],
    mode: ['send', 'throw'],
    reason: ['future', 'yield', 'bad_yield'],
    outcome: ['result', 'exception', 'cancelled'],
    op: ['add', 'remove'],
    phase: ['io', 'time', 'run'],
    via: ['ready', 'trap'],
  };

  const KIND_NAMES = Coolio.KINDS.map((k) => k.kind);
  const KIND = {};  // 'task.step' → its number, in the order of kinds.js
  KIND_NAMES.forEach((name, i) => { KIND[name] = i; });

  // The field types of kinds.js, numbered for the checks, and how messages name them.
  const TYPES = ['integer', 'number', 'number_or_null', 'integer_or_null', 'string', 'string_or_null',
    'integer_array', 'string_array'];
  const T_INTEGER = 0, T_NUMBER = 1, T_NUMBER_OR_NULL = 2, T_INTEGER_OR_NULL = 3, T_STRING = 4,
    T_STRING_OR_NULL = 5, T_INTEGER_ARRAY = 6, T_STRING_ARRAY = 7;
  const TYPE_TEXT = ['a whole number', 'a number', 'a number or null', 'a whole number or null', 'a string',
    'a string or null', 'an array of whole numbers', 'an array of strings'];

  /** A trace that cannot be read: message is "FILE:LINE: problem" (or "FILE: problem"). */
  class TraceError extends Error {
    constructor(file, line, problem) {
      super(file + (line ? ':' + line : '') + ': ' + problem);
      this.name = 'TraceError';
      this.file = file;
      this.line = line;  // 1-based; 0 for the file as a whole
      this.problem = problem;
    }
  }

  // ---- the scanner's tables --------------------------------------------------------
  // Every field name of the format gets a number (a "key"), so that a field's value can
  // be kept in slot arrays indexed by key instead of in a fresh object per line.
  const KEY_NAMES = ['seq', 'tick', 't', 'kind', 'cause'];
  for (const spec of Coolio.KINDS)
    for (const [name] of spec.fields) if (!KEY_NAMES.includes(name)) KEY_NAMES.push(name);
  const KEY = {};
  KEY_NAMES.forEach((name, i) => { KEY[name] = i; });

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  function hashBytes(bytes, start, end) {
    let h = 0;
    for (let p = start; p < end; p++) h = (Math.imul(h, 31) + bytes[p]) | 0;
    return h;
  }
  // Finds a known ASCII word (a key, a kind) from its bytes without making a string:
  // a small open-addressing hash table, then a byte-by-byte comparison.
  const TABLE_SIZE = 256;
  class WordTable {
    constructor(words) {
      this.words = words.map((word) => encoder.encode(word));
      this.slots = new Int32Array(TABLE_SIZE).fill(-1);
      this.words.forEach((bytes, id) => {
        let slot = hashBytes(bytes, 0, bytes.length) & (TABLE_SIZE - 1);
        while (this.slots[slot] >= 0) slot = (slot + 1) & (TABLE_SIZE - 1);
        this.slots[slot] = id;
      });
    }
    /** The word's id, or -1; `hash` is hashBytes of the same bytes. */
    find(bytes, start, end, hash) {
      for (let slot = hash & (TABLE_SIZE - 1); ; slot = (slot + 1) & (TABLE_SIZE - 1)) {
        const id = this.slots[slot];
        if (id < 0) return -1;
        const word = this.words[id];
        if (word.length !== end - start) continue;
        let i = 0;
        while (i < word.length && bytes[start + i] === word[i]) i++;
        if (i === word.length) return id;
      }
    }
  }
  const KEYS = new WordTable(KEY_NAMES);
  const KINDS_TABLE = new WordTable(KIND_NAMES);
  const FLAG_TABLES = {};
  for (const field in FLAGS) FLAG_TABLES[field] = new WordTable(FLAGS[field]);

  // Per kind: its fields as [key, type, required], and its column keys.
  const SPECS = Coolio.KINDS.map((spec) => {
    const c = COLUMNS[spec.kind] || {};
    const key = (name) => (name ? KEY[name] : -1);
    return {
      fieldKeys: spec.fields.map(([name]) => KEY[name]),
      fieldTypes: spec.fields.map(([, type]) => TYPES.indexOf(type)),
      fieldRequired: spec.fields.map(([, , required]) => required),
      a: key(c.a), b: key(c.b), num: key(c.num), list: key(c.list),
      flag: key(c.flag), flagTable: c.flag ? FLAG_TABLES[c.flag] : null,
    };
  });

  // Value types the scanner reports.
  const V_NONE = 0, V_NULL = 1, V_BOOL = 2, V_NUMBER = 3, V_STRING = 4, V_ARRAY = 5, V_OBJECT = 6;
  // What an array holds (bits): whole numbers only, strings only.
  const A_WHOLE = 1, A_STRING = 2;
  const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
  const MAX_DEPTH = 100;
  const COMMON = ['seq', 'tick', 'kind', 't'];

  /** Thrown inside the scanner for a line that is not valid JSON. */
  class BadJson extends Error {}

  // ---- the trace: columns ----------------------------------------------------------
  class Trace {
    constructor(name, capacity) {
      this.name = name;
      // The file, as the pieces it was read in (copying it into one buffer would cost
      // more than reading it). Line i starts at chunks[lineChunk[i]][lineStart[i]].
      this.chunks = [];
      this.count = 0;
      this.warnings = [];
      this.lists = new Map();  // event index → its list (tick.begin's dropped, io.ready's handles)
      this.kindCounts = new Int32Array(KIND_NAMES.length);  // how many events of each kind
      this.nullTimes = 0;  // how many events have "t": null
      this.cache = new Map();
      this.allocate(Math.max(capacity, 64));
    }
    allocate(capacity) {
      const grow = (old, Type) => {
        const array = new Type(capacity);
        if (old) array.set(old.subarray(0, this.count));
        return array;
      };
      // (The narrowest types that hold the values: fresh memory costs time to touch.
      // A trace with a number past 2^31 - 1 in them, legal up to 2^53 - 1, gets wide
      // columns: see widen().)
      const Whole = this.wide ? Float64Array : Int32Array;
      this.kind = grow(this.kind, Uint8Array);
      this.flag = grow(this.flag, Uint8Array);
      this.tick = grow(this.tick, this.wide ? Float64Array : Uint32Array);
      this.t = grow(this.t, Float64Array);     // NaN when the trace wrote null
      this.cause = grow(this.cause, Whole);  // -1: no cause (top level of a tick)
      this.a = grow(this.a, Whole);       // see COLUMNS; 0 when absent or null
      this.b = grow(this.b, Whole);
      this.num = grow(this.num, Float64Array);   // NaN when absent or null
      this.lineChunk = grow(this.lineChunk, Uint32Array);
      this.lineStart = grow(this.lineStart, Uint32Array);  // (a line ends at the next newline)
      this.capacity = capacity;
    }
    /** Makes the whole-number columns hold anything up to 2^53 - 1 (the reader's limit). */
    widen() {
      if (this.wide) return;
      this.wide = true;
      for (const column of ['tick', 'cause', 'a', 'b']) this[column] = Float64Array.from(this[column]);
    }
    /** The kind of event i as the trace writes it ("timer.due"). */
    kindName(i) { return KIND_NAMES[this.kind[i]]; }
    /** The list field of event i (dropped timers, ready handles), or []. */
    list(i) { return this.lists.get(i) || EMPTY; }
    /** The text of line i, exactly as in the file. */
    lineText(i) {
      const chunk = this.chunks[this.lineChunk[i]], end = chunk.indexOf(10, this.lineStart[i]);
      return decoder.decode(chunk.subarray(this.lineStart[i], end < 0 ? chunk.length : end));
    }
    /** Event i as an object, as JSON.parse gives it (parsed on first use, then cached). */
    event(i) {
      let e = this.cache.get(i);
      if (e === undefined) {
        if (this.cache.size > 20000) this.cache.clear();
        e = JSON.parse(this.lineText(i));
        this.cache.set(i, e);
      }
      return e;
    }
    /** The header (trace.begin) event. */
    get header() { return this.event(0); }
    get complete() { return this.count > 0 && this.kindName(this.count - 1) === 'trace.end'; }
  }
  const EMPTY = Object.freeze([]);

  /** The value of the four hex digits at bytes[p], or -1. */
  function hex4(bytes, p) {
    let code = 0;
    for (let i = 0; i < 4; i++) {
      const h = bytes[p + i];
      const digit = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x41 && h <= 0x46 ? h - 0x37 : h >= 0x61 && h <= 0x66 ? h - 0x57 : -1;
      if (digit < 0) return -1;
      code = code * 16 + digit;
    }
    return code;
  }

  /**
   * The length of the valid UTF-8 sequence at bytes[p] (a byte >= 0x80), or 0: the
   * rules of json_scan.cpp's utf8_length (no overlong forms, no surrogates, nothing
   * past U+10FFFF), so that the page and coolio-trace refuse the same bytes.
   */
  function utf8Length(bytes, p, end) {
    const c = bytes[p];
    const n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    if (n === 0 || p + n > end) return 0;
    for (let k = 1; k < n; k++) if ((bytes[p + k] & 0xc0) !== 0x80) return 0;
    const next = bytes[p + 1];
    if ((c === 0xe0 && next < 0xa0) || (c === 0xed && next > 0x9f) || (c === 0xf0 && next < 0x90) || (c === 0xf4 && next > 0x8f)) return 0;
    return n;
  }

  function concat(a, b) {
    const joined = new Uint8Array(a.length + b.length);
    joined.set(a);
    joined.set(b, a.length);
    return joined;
  }

  // ---- the reader: bytes in, checked columns out ----------------------------------
  class TraceReader {
    /** `size`: about how many bytes will come (a file's size), to allocate once. */
    constructor(name, size) {
      this.name = name;
      this.bytes = null;     // the chunk being scanned
      this.leftover = null;  // the start of a line that the next chunk completes
      this.received = 0;
      this.lineNo = 0;
      this.lastTick = 0;
      this.lastT = 0;  // the clock never goes back (a null t, unknown, is skipped)
      this.ended = false;  // a trace.end was seen
      this.trace = new Trace(name, Math.ceil(size / 90));
      const n = KEY_NAMES.length;
      this.slotType = new Uint8Array(n);
      this.slotNum = new Float64Array(n);
      this.slotWhole = new Uint8Array(n);
      this.slotStart = new Int32Array(n);
      this.slotEnd = new Int32Array(n);
      this.slotArray = new Uint8Array(n);
      this.slotLine = new Int32Array(n);  // the line the slot was last set on: no clearing
      this.listValues = [];
      this.listKey = -1;
      this.collectList = false;
      // What the scanner found last (set by string(), number(), value()).
      this.strEscaped = false;
      this.vType = V_NONE;
      this.vNum = 0;
      this.vWhole = false;
    }

    /** Takes the next bytes of the file and checks the lines they complete. */
    push(chunk) {
      this.received += chunk.length;
      if (this.leftover) {
        // The line begun in the last chunk ends in this one: join the two pieces.
        const newline = chunk.indexOf(10);
        const joined = concat(this.leftover, newline < 0 ? chunk : chunk.subarray(0, newline + 1));
        this.leftover = null;
        if (newline < 0) { this.leftover = joined; return; }
        this.lines(joined);
        chunk = chunk.subarray(newline + 1);
      }
      // (A loop, not lastIndexOf, which is far slower on typed arrays.)
      let lastNewline = chunk.length - 1;
      while (lastNewline >= 0 && chunk[lastNewline] !== 10) lastNewline--;
      if (lastNewline + 1 < chunk.length) this.leftover = chunk.slice(lastNewline + 1);
      if (lastNewline >= 0) this.lines(chunk.subarray(0, lastNewline + 1));
    }

    /** After the last chunk: the line without a newline, if any, and the warnings. */
    finish() {
      const trace = this.trace;
      if (this.received === 0) throw new TraceError(this.name, 0, 'the file is empty, not a coolio trace');
      if (this.leftover) {
        // No final newline: the writer was stopped. A whole line is kept; a line cut
        // in the middle is refused, as coolio-trace step, show and view refuse it.
        const line = this.lineNo + 1;
        try {
          this.startChunk(this.leftover);
          this.line(0, this.leftover.length);
        } catch (error) {
          if (!(error instanceof TraceError) || error.line !== line || line === 1 || !error.cutShort) throw error;
          throw new TraceError(this.name, line, 'the file ends in the middle of an event (the last line is cut short); ' +
            'delete that line to read the events before it');
        }
      }
      if (!trace.complete)
        trace.warnings.push(`${this.name}: no trace.end event: the run was cut short; showing the ${trace.count} events written`);
      return trace;
    }

    startChunk(bytes) {
      this.bytes = bytes;
      this.chunkIndex = this.trace.chunks.length;
      this.trace.chunks.push(bytes);
    }

    // Checks the lines of `bytes`, which ends with a newline.
    lines(bytes) {
      this.startChunk(bytes);
      const upTo = bytes.length;
      let p = 0;
      while (p < upTo) {
        const end = bytes.indexOf(10, p);
        this.line(p, end);
        p = end + 1;
      }
    }

    // Checks one line (bytes start..end, without its newline) and adds its event.
    line(start, end) {
      const lineNo = ++this.lineNo;
      if (start === end) throw new TraceError(this.name, lineNo, 'empty line');
      let kind;
      try {
        kind = this.scan(start, end, lineNo);
      } catch (error) {
        if (!(error instanceof BadJson)) throw error;
        const e = new TraceError(this.name, lineNo, lineNo === 1 ? 'not a coolio trace (the first line is not JSON' + (error.message ? ': ' + error.message : '') + ')'
          : 'not valid JSON' + (error.message ? ' (' + error.message + ')' : ''));
        e.cutShort = true;
        throw e;
      }
      const problem = this.check(kind, lineNo);
      if (problem) throw new TraceError(this.name, lineNo, problem);
      if (this.ended) throw new TraceError(this.name, lineNo, 'event after trace.end');
      const word = this.wordProblem(kind, lineNo);
      if (word) throw new TraceError(this.name, lineNo, word);
      this.store(kind, start, end, lineNo);
    }

    // ---- scanning one line of JSON into the slots ----
    // Returns the kind number, -1 if the kind field is absent or not a known kind
    // (check() says which), or -2 if the line is JSON but not an object.
    scan(start, end, lineNo) {
      const bytes = this.bytes;
      this.twice = -1;  // the first known field that appears twice on the line, if any
      let p = this.ws(start, end);
      if (bytes[p] !== 0x7b) {  // '{'
        p = this.value(p, end, -1, 0);
        if (this.ws(p, end) !== end) throw new BadJson('text after the value');
        return -2;
      }
      p = this.ws(p + 1, end);
      let kind = -1;
      if (bytes[p] === 0x7d) p++;  // '{}'
      else {
        for (;;) {
          if (bytes[p] !== 0x22) throw new BadJson('expected a field name');
          const keyStart = p + 1;
          // The key's hash is computed while looking for its closing quote.
          let h = 0;
          p = keyStart;
          // (Plain ASCII only: a control character or a byte >= 0x80 takes the slow way, which checks it.)
          while (p < end && bytes[p] !== 0x22 && bytes[p] !== 0x5c && bytes[p] >= 0x20 && bytes[p] < 0x80) {
            h = (Math.imul(h, 31) + bytes[p]) | 0;
            p++;
          }
          let key;
          if (bytes[p] === 0x22) { key = KEYS.find(bytes, keyStart, p, h); p++; }
          else {  // escapes, other characters (or a broken string): the slow way
            p = this.string(keyStart - 1, end);
            key = KEY[JSON.parse(decoder.decode(bytes.subarray(keyStart - 1, p)))];
            if (key === undefined) key = -1;
          }
          p = this.ws(p, end);
          if (bytes[p] !== 0x3a) throw new BadJson("expected ':'");  // ':'
          p = this.ws(p + 1, end);
          this.collectList = key >= 0 && (KEY_NAMES[key] === 'dropped' || KEY_NAMES[key] === 'handles');
          p = this.value(p, end, key, 0);
          if (key === KEY.kind) {
            kind = this.vType === V_STRING && !this.strEscaped
              ? KINDS_TABLE.find(bytes, this.slotStart[key], this.slotEnd[key], hashBytes(bytes, this.slotStart[key], this.slotEnd[key]))
              : this.vType === V_STRING ? (KIND[this.slotText(key)] ?? -1) : -1;
          }
          if (key >= 0 && this.slotLine[key] === lineNo && this.twice < 0) this.twice = key;  // check() says so
          if (key >= 0) this.slotLine[key] = lineNo;
          p = this.ws(p, end);
          if (bytes[p] === 0x2c) { p = this.ws(p + 1, end); continue; }  // ','
          if (bytes[p] === 0x7d) { p++; break; }  // '}'
          throw new BadJson("expected ',' or '}'");
        }
      }
      if (this.ws(p, end) !== end) throw new BadJson('text after the object');
      return kind;
    }

    ws(p, end) {
      const bytes = this.bytes;
      while (p < end) {
        const b = bytes[p];
        if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) break;
        p++;
      }
      return p;
    }

    // Scans the string starting at the quote at p; returns the position after the
    // closing quote. Sets strEscaped if it holds backslash escapes.
    string(p, end) {
      const bytes = this.bytes;
      let escaped = false;
      p++;
      for (;;) {
        if (p >= end) throw new BadJson('a string is not closed');
        const b = bytes[p];
        if (b === 0x22) break;
        if (b === 0x5c) {
          escaped = true;
          const c = bytes[p + 1];
          if (c === 0x75) {  // \uXXXX
            const code = hex4(bytes, p + 2);
            if (code < 0) throw new BadJson('bad \\u escape');
            p += 6;
            // A surrogate must come as a pair, high then low: two escapes, one character.
            if (code >= 0xdc00 && code <= 0xdfff) throw new BadJson('bad \\u escape');
            if (code >= 0xd800 && code <= 0xdbff) {
              const low = bytes[p] === 0x5c && bytes[p + 1] === 0x75 ? hex4(bytes, p + 2) : -1;
              if (low < 0xdc00 || low > 0xdfff) throw new BadJson('bad \\u escape');
              p += 6;
            }
          } else if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e ||
            c === 0x72 || c === 0x74) {
            p += 2;
          } else throw new BadJson('bad escape');
        } else if (b < 0x20) throw new BadJson('a control character in a string');
        else if (b < 0x80) p++;
        else {
          const n = utf8Length(bytes, p, end);
          if (n === 0) throw new BadJson('invalid UTF-8 in a string');
          p += n;
        }
      }
      this.strEscaped = escaped;
      return p + 1;
    }

    // Scans the number at p; sets vNum and vWhole; returns the position after it.
    number(p, end) {
      const bytes = this.bytes;
      const start = p;
      let negative = false;
      if (bytes[p] === 0x2d) { negative = true; p++; }
      let mantissa = 0, digits = 0, scale = 0, whole = true;
      if (bytes[p] === 0x30) { p++; digits = 1; }
      else if (bytes[p] >= 0x31 && bytes[p] <= 0x39) {
        while (p < end && bytes[p] >= 0x30 && bytes[p] <= 0x39) { mantissa = mantissa * 10 + (bytes[p] - 0x30); digits++; p++; }
      } else throw new BadJson('bad number');
      if (bytes[p] === 0x2e) {  // '.'
        whole = false;
        p++;
        const first = p;
        while (p < end && bytes[p] >= 0x30 && bytes[p] <= 0x39) { mantissa = mantissa * 10 + (bytes[p] - 0x30); digits++; scale--; p++; }
        if (p === first) throw new BadJson('bad number');
      }
      if (bytes[p] === 0x65 || bytes[p] === 0x45) {  // 'e'
        whole = false;
        p++;
        let expNegative = false;
        if (bytes[p] === 0x2b || bytes[p] === 0x2d) { expNegative = bytes[p] === 0x2d; p++; }
        const first = p;
        let exp = 0;
        while (p < end && bytes[p] >= 0x30 && bytes[p] <= 0x39) { exp = Math.min(exp * 10 + (bytes[p] - 0x30), 1e6); p++; }
        if (p === first) throw new BadJson('bad number');
        scale += expNegative ? -exp : exp;
      }
      // Up to 15 digits and a power of ten up to 22 are exact in a double, so one
      // multiplication or division rounds correctly; anything else goes to parseFloat.
      let value;
      if (digits <= 15 && scale >= -22 && scale <= 22) value = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
      else value = parseFloat(String.fromCharCode.apply(null, bytes.subarray(start, p)));
      this.vNum = negative ? -value : value;
      // The C++ reader's "whole number": written without fraction, exponent or sign, and
      // at most 2^53 - 1 (json_scan.cpp's MAX_WHOLE: the last integer a double holds exactly).
      this.vWhole = whole && !negative && value <= Number.MAX_SAFE_INTEGER;
      return p;
    }

    // Scans any JSON value at p into slot `key` (when key >= 0); returns the position after it.
    value(p, end, key, depth) {
      const bytes = this.bytes;
      const b = bytes[p];
      let type;
      if (b === 0x22) {
        const start = p + 1;
        p = this.string(p, end);
        type = V_STRING;
        if (key >= 0) { this.slotStart[key] = start; this.slotEnd[key] = p - 1; }
      } else if (b === 0x2d || (b >= 0x30 && b <= 0x39)) {
        p = this.number(p, end);
        type = V_NUMBER;
        if (key >= 0) { this.slotNum[key] = this.vNum; this.slotWhole[key] = this.vWhole ? 1 : 0; }
      } else if (b === 0x6e) { p = this.literal(p, end, 'null'); type = V_NULL; }
      else if (b === 0x74) { p = this.literal(p, end, 'true'); type = V_BOOL; }
      else if (b === 0x66) { p = this.literal(p, end, 'false'); type = V_BOOL; }
      else if (b === 0x5b || b === 0x7b) {  // '[' or '{': scanned for validity; arrays also classified
        if (depth >= MAX_DEPTH) throw new BadJson('nested too deeply');
        const isArray = b === 0x5b;
        const close = isArray ? 0x5d : 0x7d;
        const collect = this.collectList && depth === 0 && key >= 0;
        if (collect) { this.listValues = []; this.listKey = key; }
        let holds = A_WHOLE | A_STRING;
        p = this.ws(p + 1, end);
        if (bytes[p] === close) p++;
        else {
          for (;;) {
            if (!isArray) {
              if (bytes[p] !== 0x22) throw new BadJson('expected a field name');
              p = this.ws(this.string(p, end), end);
              if (bytes[p] !== 0x3a) throw new BadJson("expected ':'");
              p = this.ws(p + 1, end);
            }
            p = this.value(p, end, -1, depth + 1);
            if (this.vType !== V_NUMBER || !this.vWhole) holds &= ~A_WHOLE;
            else if (collect) this.listValues.push(this.vNum);
            if (this.vType !== V_STRING) holds &= ~A_STRING;
            p = this.ws(p, end);
            if (bytes[p] === 0x2c) { p = this.ws(p + 1, end); continue; }
            if (bytes[p] === close) { p++; break; }
            throw new BadJson(isArray ? "expected ',' or ']'" : "expected ',' or '}'");
          }
        }
        type = isArray ? V_ARRAY : V_OBJECT;
        if (key >= 0) this.slotArray[key] = holds;
      } else throw new BadJson(p >= end ? 'the line ends too early' : 'unexpected character');
      this.vType = type;
      if (key >= 0) this.slotType[key] = type;
      return p;
    }

    literal(p, end, word) {
      for (let i = 0; i < word.length; i++) if (this.bytes[p + i] !== word.charCodeAt(i)) throw new BadJson('unexpected word');
      return p + word.length;
    }

    // ---- checking the fields, as the C++ reader does (trace_events.cpp) ----
    has(key, lineNo) { return this.slotLine[key] === lineNo; }
    /** The number in slot `key` on this line, or NaN (no such key, absent, not a number). */
    slotNumber(key, lineNo) {
      return key >= 0 && this.slotLine[key] === lineNo && this.slotType[key] === V_NUMBER ? this.slotNum[key] : NaN;
    }
    slotText(key) {
      return JSON.parse(decoder.decode(this.bytes.subarray(this.slotStart[key] - 1, this.slotEnd[key] + 1)));
    }
    hasType(key, type) {
      const t = this.slotType[key];
      switch (type) {
        case T_INTEGER: return t === V_NUMBER && this.slotWhole[key] === 1;
        // (1e400 is valid JSON but no number a trace can use.)
        case T_NUMBER: return t === V_NUMBER && Number.isFinite(this.slotNum[key]);
        case T_NUMBER_OR_NULL: return t === V_NULL || (t === V_NUMBER && Number.isFinite(this.slotNum[key]));
        case T_INTEGER_OR_NULL: return t === V_NULL || (t === V_NUMBER && this.slotWhole[key] === 1);
        case T_STRING: return t === V_STRING;
        case T_STRING_OR_NULL: return t === V_NULL || t === V_STRING;
        case T_INTEGER_ARRAY: return t === V_ARRAY && (this.slotArray[key] & A_WHOLE) !== 0;
        case T_STRING_ARRAY: return t === V_ARRAY && (this.slotArray[key] & A_STRING) !== 0;
      }
      return false;
    }

    // Returns what is wrong with the line just scanned, or ''.
    check(kind, lineNo) {
      if (lineNo === 1) {
        const header = kind === KIND['trace.begin'] && this.slotLine[KEY.format] === lineNo && this.slotType[KEY.format] === V_STRING &&
          this.slotText(KEY.format) === 'coolio-trace';
        if (!header) return 'not a coolio trace (the first line must be a trace.begin header with format "coolio-trace")';
        if (this.slotLine[KEY.version] !== lineNo || !this.hasType(KEY.version, T_INTEGER)) return "the header's version must be a whole number";
        if (this.slotNum[KEY.version] > Coolio.FORMAT_VERSION)
          return `trace format version ${this.slotNum[KEY.version]} is newer than this viewer reads (${Coolio.FORMAT_VERSION}); update coolio`;
      }
      if (kind === -2) return 'expected a JSON object';
      if (this.twice >= 0) return `field '${KEY_NAMES[this.twice]}' appears twice`;
      if (this.slotLine[KEY.seq] !== lineNo || this.slotLine[KEY.tick] !== lineNo || this.slotLine[KEY.kind] !== lineNo || this.slotLine[KEY.t] !== lineNo) {
        for (const name of COMMON) if (this.slotLine[KEY[name]] !== lineNo) return `missing field '${name}'`;
      }
      if (this.slotType[KEY.kind] !== V_STRING) return "field 'kind' must be a string";
      if (kind < 0) return `unknown event kind '${this.slotText(KEY.kind)}'`;
      const expected = this.trace.count;
      if (!this.hasType(KEY.seq, T_INTEGER)) return "field 'seq' must be a whole number";
      if (this.slotNum[KEY.seq] !== expected)
        return `seq is ${this.slotNum[KEY.seq]}, expected ${expected} (events must be numbered 0, 1, 2, … without gaps)`;
      if (!this.hasType(KEY.tick, T_INTEGER)) return "field 'tick' must be a whole number";
      if (this.slotNum[KEY.tick] < this.lastTick) return 'tick goes backwards';
      if (kind === KIND['trace.begin'] && expected !== 0) return 'a second trace.begin header (a trace has one, on its first line)';
      if (!this.hasType(KEY.t, T_NUMBER_OR_NULL)) return "field 't' must be a number";
      if (this.slotType[KEY.t] === V_NUMBER && this.slotNum[KEY.t] < this.lastT)
        return `t goes backwards (${this.slotNum[KEY.t]} after ${this.lastT})`;
      if (this.slotLine[KEY.cause] === lineNo) {
        if (!this.hasType(KEY.cause, T_INTEGER)) return "field 'cause' must be a whole number";
        if (this.slotNum[KEY.cause] >= expected) return "field 'cause' must name an earlier event";
      }
      const spec = SPECS[kind];
      for (let f = 0; f < spec.fieldKeys.length; f++) {
        const key = spec.fieldKeys[f];
        if (this.slotLine[key] !== lineNo) {
          if (spec.fieldRequired[f]) return `${KIND_NAMES[kind]} event lacks field '${KEY_NAMES[key]}'`;
          continue;
        }
        if (!this.hasType(key, spec.fieldTypes[f]))
          return `${KIND_NAMES[kind]} field '${KEY_NAMES[key]}' must be ${TYPE_TEXT[spec.fieldTypes[f]]}`;
      }
      return '';
    }

    // The enumerated field (mode, outcome…) must hold one of its words, as the C++
    // reader requires (trace_events.cpp's word()).
    wordProblem(kind, lineNo) {
      const spec = SPECS[kind], key = spec.flag;
      if (key < 0 || !this.has(key, lineNo) || this.slotType[key] !== V_STRING) return '';
      const start = this.slotStart[key], end = this.slotEnd[key];
      if (spec.flagTable.find(this.bytes, start, end, hashBytes(this.bytes, start, end)) >= 0) return '';  // the fast way
      const text = this.slotText(key), words = FLAGS[KEY_NAMES[key]];
      if (words.includes(text)) return '';
      return `${KIND_NAMES[kind]} field '${KEY_NAMES[key]}' must be one of ${words.map((w) => `"${w}"`).join(', ')}, not "${text}"`;
    }

    // ---- keeping the event's columns ----
    store(kind, start, end, lineNo) {
      const trace = this.trace;
      if (trace.count === trace.capacity) trace.allocate(trace.capacity * 2);
      const i = trace.count++;
      const spec = SPECS[kind];
      if (this.slotNum[KEY.tick] > 0xffffffff || (this.has(KEY.cause, lineNo) && this.slotNum[KEY.cause] > 0x7fffffff) ||
        this.slotNumber(spec.a, lineNo) > 0x7fffffff || this.slotNumber(spec.b, lineNo) > 0x7fffffff) trace.widen();
      trace.kind[i] = kind;
      trace.tick[i] = this.slotNum[KEY.tick];
      trace.kindCounts[kind]++;
      const t = trace.t[i] = this.slotNumber(KEY.t, lineNo);
      if (t !== t) trace.nullTimes++;  // NaN: the trace wrote null
      trace.cause[i] = this.has(KEY.cause, lineNo) ? this.slotNum[KEY.cause] : -1;
      const a = this.slotNumber(spec.a, lineNo), b = this.slotNumber(spec.b, lineNo);
      trace.a[i] = a === a ? a : 0;  // NaN (absent or null) → 0
      trace.b[i] = b === b ? b : 0;
      trace.num[i] = this.slotNumber(spec.num, lineNo);
      trace.flag[i] = spec.flag >= 0 && this.slotType[spec.flag] === V_STRING
        ? spec.flagTable.find(this.bytes, this.slotStart[spec.flag], this.slotEnd[spec.flag],
          hashBytes(this.bytes, this.slotStart[spec.flag], this.slotEnd[spec.flag])) + 1 : 0;
      if (spec.list >= 0 && this.listKey === spec.list && this.has(spec.list, lineNo) && this.listValues.length) {
        trace.lists.set(i, this.listValues);
        this.listValues = [];
      }
      trace.lineChunk[i] = this.chunkIndex;
      trace.lineStart[i] = start;
      this.lastTick = trace.tick[i];
      if (t === t) this.lastT = t;
      if (kind === KIND['trace.end']) this.ended = true;
    }
  }

  /**
   * Reads a File (from the file picker or a drop), chunk by chunk, checking lines as
   * they arrive so that reading and checking overlap. onProgress(fraction) is called
   * after each chunk. Resolves to a Trace; rejects with a TraceError.
   */
  async function readTraceFile(file, onProgress) {
    const reader = new TraceReader(file.name, file.size);
    const stream = file.stream().getReader();
    for (;;) {
      const { value, done } = await stream.read();
      if (done) break;
      reader.push(value);
      if (onProgress) onProgress(reader.received / Math.max(file.size, 1));
    }
    return reader.finish();
  }

  /** Reads a trace held in bytes (a Uint8Array); `name` stands for the file in messages. */
  function parseTraceBytes(bytes, name) {
    const reader = new TraceReader(name, bytes.length);
    reader.push(bytes);
    return reader.finish();
  }

  /** Reads a trace held in a string; `name` stands for the file in messages. */
  function parseTraceText(text, name) { return parseTraceBytes(encoder.encode(text), name); }

  Coolio.TraceError = TraceError;
  Coolio.KIND = KIND;
  Coolio.KIND_NAMES = KIND_NAMES;
  Coolio.FLAGS = FLAGS;
  Coolio.readTraceFile = readTraceFile;
  Coolio.parseTraceText = parseTraceText;
  Coolio.parseTraceBytes = parseTraceBytes;
})(globalThis.Coolio = globalThis.Coolio || {});

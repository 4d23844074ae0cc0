// The viewer's explain() gives, in English and in Chinese, exactly the text and asyncio
// functions that the stepper's explain_event() gives (coolio-trace web-data explain),
// for every event of every golden trace; and the state panel's labels exist in both
// languages and follow the switch. Node only, no browser: explain.js is plain data
// and functions.  node viewer_explain_lang.js COOLIO_TRACE_BIN SOURCE_DIR
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [bin, source] = process.argv.slice(2);
globalThis.Coolio = {};
require(path.join(source, 'web-viewer/explanations.js'));
require(path.join(source, 'web-viewer/explain.js'));

let checked = 0;
const golden = path.join(source, 'tests/golden');
for (const file of fs.readdirSync(golden).filter((f) => f.endsWith('.jsonl'))) {
  const events = fs.readFileSync(path.join(golden, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  for (const lang of ['en', 'zh']) {
    const cpp = execFileSync(bin, ['web-data', 'explain', path.join(golden, file), '--lang', lang], { encoding: 'utf8' })
      .trim().split('\n').map((l) => JSON.parse(l));
    events.forEach((e, i) => {
      const js = Coolio.explain(e, lang, events[0].runtime);
      if (js.text !== cpp[i].text || js.asyncio !== cpp[i].asyncio) {
        console.error(`${file} event ${i} (${lang}): the viewer says ${JSON.stringify(js)}, the stepper ${JSON.stringify(cpp[i])}`);
        process.exit(1);
      }
      checked++;
    });
  }
}
console.log(`${checked} explanations identical in the viewer and the stepper (en and zh)`);

// The state panel's labels follow the page's language switch (Coolio.lang), with their
// fields filled in order or by position, as fmt does in C++.
const labels = [];
for (const lang of ['en', 'zh']) {
  Coolio.lang = lang;
  labels.push(Coolio.label('viewer.ready_queue', 3), Coolio.label('viewer.futures', 2, 5));
}
const expected = ['Ready queue (3)', 'Pending futures (2 of 5)', 'ready 队列（3）', '未完成的 Future（5 个中的 2 个）'];
if (JSON.stringify(labels) !== JSON.stringify(expected)) {
  console.error(`the state panel's labels are ${JSON.stringify(labels)}, not ${JSON.stringify(expected)}`);
  process.exit(1);
}
for (const key of Object.keys(Coolio.LABELS)) {
  if (!Coolio.LABELS[key].en || !Coolio.LABELS[key].zh) {
    console.error(`the label ${key} is missing a language`);
    process.exit(1);
  }
}
console.log(`${Object.keys(Coolio.LABELS).length} state panel labels in en and zh`);

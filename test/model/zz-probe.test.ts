import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
const ids = ['unknown-reference','no-next-step','unscheduled-next-step','probability-sum','no-owner','no-buyer','no-exit-criteria','no-ask-step','duration-order','yaml-syntax','schema','unused-disable-directive'];
it('probe', () => {
  for (const id of ids) {
    const md = readFileSync(`docs/rules/${id}.md`, 'utf8');
    const fence = /^```yaml\n([\s\S]*?)^```/gm;
    for (let m = fence.exec(md); m; m = fence.exec(md)) {
      const d = lint([{ file: 'x.yaml', contents: m[1]! }])[0]!.diagnostics;
      console.log(id, md.slice(0, m.index).lastIndexOf('## Incorrect') > md.slice(0, m.index).lastIndexOf('## Correct') ? 'INCORRECT' : 'correct', JSON.stringify(d.map((x) => `${x.ruleId} ${x.line}:${x.column} ${x.message}`)));
    }
  }
});

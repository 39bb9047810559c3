// Processes for the diagram renderers: the bundled ones from their files, and a hand-built one with awkward ids and titles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minimalPath, type MinimalPathFound } from '../../src/analysis/minimal-path.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process, Step, Transition } from '../../src/model/types.js';
import { makeProcess, pert, uni } from '../analysis/make-process.js';

export const ROOT = join(import.meta.dirname, '../..');
export const BUNDLED = ['smb', 'mid-market', 'enterprise'] as const;

export function bundled(name: string): Process {
  const file = `processes/${name}.yaml`;
  const loaded = loadProcess(file, readFileSync(join(ROOT, file)));
  if (!loaded.process) throw new Error(`${file} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.process;
}

export function foundPath(process: Process): MinimalPathFound {
  const path = minimalPath(process, { by: 'steps' });
  if (path.kind !== 'path') throw new Error(`${process.name}: no minimal path`);
  return path;
}

/**
 * Ids that collide once sanitized (`a-b`, `a_b`, `a.b`), an id that is a Mermaid keyword (`end`), unicode, titles
 * with quotes, brackets, `<`, `#`, `&`, pipes, backslashes and DOT escapes, a parallel step, an ask step with a
 * gate, a custom lost outcome, a reason with a pipe, an unscheduled transition and a loop on the parallel step.
 */
export function awkwardProcess(): Process {
  const base = makeProcess(
    {
      'a-b': { title: 'Say "hi" [now] <b>bold</b> #1; {x} & more', with: ['chef-de-cuisine'], next: [['a_b', 0.6, 2], ['end', 0.4, pert(1, 2, 4)]] },
      a_b: { title: 'Café ✓ — naïve 日本 `code` | pipe', next: [['a.b', 1, uni(1, 3)]] },
      'a.b': {
        title: 'Back\\slash \\n \\l "\\" %% end',
        tracks: { 'x-1': { d: 2, with: ['it'], owner: 'se' }, x_1: { d: 3, with: ['legal "team"'] } },
        next: [['end', 0.9], ['a.b', 0.1, 1]],
      },
      end: {
        title: 'Ask <now>',
        ask: true,
        with: ['boss'],
        requires: { involved: ['chef-de-cuisine', 'it'], completed: ['a-b'] },
        next: [['won', 0.7, 1], ['dropped', 0.3]],
      },
    },
    { outcomes: { won: 'won', dropped: 'lost', lost: 'lost' } },
  );
  // makeProcess has no reasons; give one with characters that matter to both formats.
  const steps = new Map<string, Step>(base.steps);
  const ask = steps.get('end')!;
  const next: Transition[] = ask.next.map((t) => (t.to === 'dropped' ? { ...t, reason: 'no | "budget"' } : t));
  steps.set('end', { ...ask, next });
  return { ...base, name: 'awk"ward', title: 'Awkward "process" \\ <test>', steps };
}

// Write-back of fitted numbers: only the edited values change, byte for byte, and the result loads and lints clean.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import { SpxError } from '../../src/model/errors.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Duration } from '../../src/model/types.js';
import { applyCalibration, type StepCalibration } from '../../src/model/write-back.js';

/** Both styles of `next` and `duration`, comments everywhere, a quoted version, a lone transition without p. */
const SOURCE = `# A process with comments that must survive.
apiVersion: spx/v1
kind: SalesProcess
metadata:
  name: demo
  version: "1.4.2"   # quoted on purpose
  segment: smb
roles:
  seller: { ae: AE }
  buyer: { owner: { title: Owner, decisionMaker: true } }
start: call
steps:
  call:
    owner: ae
    with: [owner]
    duration:           # a block-style estimate
      min: 1
      likely: 2
      max: 4
    exitCriteria: [Pain confirmed]
    next:
      - to: close       # block-style transition
        p: 0.6
        within: 2
      - to: lost
        p: 0.4
        reason: no-fit
  close:
    owner: ae
    with: [owner]
    ask: true
    requires: { involved: [owner] }
    duration: 1   # fixed
    exitCriteria: [Signed]
    next:
      - { to: won, p: 0.5 }   # flow-style
      - { to: lost, p: 0.3, reason: no-decision }
      - { to: lost, p: 0.2, reason: no-budget }
  follow-up:
    owner: ae
    with: [owner]
    duration: 1
    exitCriteria: [Done]
    next:
      - to: lost
outcomes: { won: { result: won }, lost: { result: lost } }
`;

const steps = (entries: Record<string, StepCalibration>) => ({ steps: new Map(Object.entries(entries)) });
const shares = (entries: Record<string, number>) => new Map(Object.entries(entries));

/** The lines of `after` that differ from `before` (same line count expected unless noted), as `n: text`. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  return b.flatMap((line, i) => (line === a[i] ? [] : [`${i + 1}: ${line}`]));
}

describe('applyCalibration', () => {
  it('edits block-style transitions and durations; everything else, comments included, is byte-identical', () => {
    const { text, version } = applyCalibration(
      SOURCE,
      steps({ call: { next: shares({ close: 0.55, lost: 0.45 }), duration: { min: 1.5, likely: 2.5, max: 6 } } }),
    );
    expect(version).toBe('1.4.3');
    expect(text).toBe(
      SOURCE.replace('    duration:           # a block-style estimate\n      min: 1\n      likely: 2\n      max: 4\n', '    duration: { min: 1.5, likely: 2.5, max: 6 } # a block-style estimate\n')
        .replace('        p: 0.6\n', '        p: 0.55\n')
        .replace('        p: 0.4\n', '        p: 0.45\n')
        .replace('"1.4.2"', '"1.4.3"'),
    );
  });

  it('writes a duration in calendar days with its unit', () => {
    const { text } = applyCalibration(SOURCE, steps({ close: { duration: { min: 7, likely: 14, max: 21, unit: 'calendar-days' } } }));
    expect(changedLines(SOURCE, text)).toEqual(['6:   version: "1.4.3"   # quoted on purpose', '33:     duration: { min: 7, likely: 14, max: 21, unit: calendar-days }   # fixed']);
  });

  it('edits flow-style transitions and a scalar duration in place', () => {
    const { text } = applyCalibration(SOURCE, steps({ close: { next: shares({ won: 0.6, lost: 0.4 }), duration: { min: 1, likely: 2, max: 3 } } }));
    expect(changedLines(SOURCE, text)).toEqual([
      '6:   version: "1.4.3"   # quoted on purpose',
      '33:     duration: { min: 1, likely: 2, max: 3 }   # fixed',
      '36:       - { to: won, p: 0.6 }   # flow-style',
      // Two transitions to lost share the new 0.4 as they shared 0.5 (3 : 2).
      '37:       - { to: lost, p: 0.24, reason: no-decision }',
      '38:       - { to: lost, p: 0.16, reason: no-budget }',
    ]);
  });

  it('a p equal to the current one is left as written; a lone transition without p gets one after `to`', () => {
    const { text } = applyCalibration(SOURCE, steps({ close: { next: shares({ won: 0.5 }) }, 'follow-up': { next: shares({ lost: 1 }) } }));
    expect(changedLines(SOURCE, text)).toEqual(['6:   version: "1.4.3"   # quoted on purpose']);
    const flowless = SOURCE.replace('      - { to: won, p: 0.5 }   # flow-style', '      - { to: won }   # flow-style').replace(
      '      - { to: lost, p: 0.3, reason: no-decision }\n      - { to: lost, p: 0.2, reason: no-budget }\n',
      '',
    );
    const inserted = applyCalibration(flowless, steps({ close: { next: shares({ won: 0.9 }) }, 'follow-up': { next: shares({ lost: 0.8 }) } })).text;
    expect(inserted).toContain('      - { to: won, p: 0.9 }   # flow-style\n');
    expect(inserted).toContain('    next:\n      - to: lost\n        p: 0.8\noutcomes');
  });

  it('raises the patch version of plain and prerelease versions', () => {
    expect(applyCalibration(SOURCE.replace('"1.4.2"', '2.0.9'), steps({})).version).toBe('2.0.10');
    const pre = applyCalibration(SOURCE.replace('"1.4.2"', "'1.5.0-rc.1'"), steps({}));
    expect(pre.version).toBe('1.5.0');
    expect(pre.text).toContain("  version: '1.5.0'   # quoted on purpose\n");
  });

  it('keeps CRLF line endings, also on an inserted line', () => {
    const crlf = SOURCE.replace(/\n/g, '\r\n');
    const { text } = applyCalibration(crlf, steps({ 'follow-up': { next: shares({ lost: 0.8 }) } }));
    expect(text).toContain('      - to: lost\r\n        p: 0.8\r\noutcomes');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('refuses what it cannot write, with a typed error and nothing written', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof SpxError ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    expect(code(() => applyCalibration(SOURCE, steps({ demo: { duration: { min: 1, likely: 1, max: 1 } } })))).toBe(
      'E_UNKNOWN_STEP: step "demo" is not in the process; nothing was written',
    );
    expect(code(() => applyCalibration(SOURCE, steps({ call: { next: shares({ won: 0.5 }) } })))).toBe(
      'E_UNKNOWN_STEP: step "call" has no transition to "won"; nothing was written',
    );
    expect(code(() => applyCalibration('steps: [', steps({})))).toMatch(/^E_INVALID_PROCESS: cannot write to a process that does not load \(1:/);
    const parallel = SOURCE.replace('    duration: 1   # fixed\n', '    parallel: { a: { duration: 1 }, b: { duration: 2 } }\n');
    expect(code(() => applyCalibration(parallel, steps({ close: { duration: { min: 1, likely: 1, max: 1 } } })))).toBe(
      'E_USAGE: step "close" is parallel: its tracks have the durations, not the step; nothing was written',
    );
  });
});

describe('applyCalibration on the bundled processes', () => {
  for (const file of ['processes/smb.yaml', 'processes/mid-market.yaml', 'processes/enterprise.yaml', 'examples/enterprise-healthcare.yaml']) {
    it(`${file}: every step recalibrated; only p, duration and version lines change; it loads with those numbers and lints clean`, () => {
      const source = readFileSync(file, 'utf8');
      const process = loadProcess(file, source).process!;
      const update = new Map<string, StepCalibration>();
      const expectedDurations = new Map<string, Duration>();
      for (const step of process.steps.values()) {
        // Move one hundredth from the last transition (lost) to the first: shares still sum to 1.
        const next = new Map<string, number>();
        if (step.next.length >= 2 && new Set(step.next.map((t) => t.to)).size === step.next.length) {
          step.next.forEach((t, i) => next.set(t.to, Number((t.p + (i === 0 ? 0.01 : i === step.next.length - 1 ? -0.01 : 0)).toFixed(2))));
        }
        const d = step.duration;
        const duration = d === undefined ? undefined : d.dist === 'fixed' ? { min: d.value, likely: d.value, max: d.value + 1 } : d.dist === 'uniform' ? undefined : { min: d.min, likely: d.likely, max: d.max + 1 };
        if (duration) expectedDurations.set(step.id, { dist: 'pert', ...duration });
        update.set(step.id, { next, ...(duration ? { duration } : {}) });
      }
      const { text, version } = applyCalibration(source, { steps: update });
      expect(version).toBe('1.1.1');
      expect(text.split('\n')).toHaveLength(source.split('\n').length);
      for (const line of changedLines(source, text)) expect(line).toMatch(/^\d+: +(version: 1\.1\.1|duration: \{ min|- \{ to: [a-z-]+, p: )/);
      // Every comment line is untouched.
      expect(text.split('\n').filter((l) => /^\s*#/.test(l))).toEqual(source.split('\n').filter((l) => /^\s*#/.test(l)));
      const reloaded = loadProcess(file, text).process!;
      for (const step of reloaded.steps.values()) {
        const wanted = update.get(step.id)!;
        for (const t of step.next) if (wanted.next?.has(t.to)) expect(t.p, `${step.id} → ${t.to}`).toBe(wanted.next.get(t.to));
        if (expectedDurations.has(step.id)) expect(step.duration).toEqual(expectedDurations.get(step.id));
      }
      const [result] = lint([{ file, contents: text }]);
      expect(result!.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.message}`)).toEqual([]);
    });
  }
});

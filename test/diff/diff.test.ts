// diffProcesses: positions, anchors, fingerprints, the verdict, and the impact on the exact numbers.
import { describe, expect, it } from 'vitest';
import { countsText, diffProcesses, summaryLine } from '../../src/diff/diff.js';
import { compareNumbers } from '../../src/diff/impact.js';
import { edit, FIXTURE, source, V1, V2 } from './fixture.js';

const diff = (before: string, after: string) => diffProcesses(source(before, 'old.yaml'), source(after));
const EXTRA = '  extra: { title: Extra, owner: ae, duration: 1, next: [{ to: lost }] }\n';
const withExtra = edit(FIXTURE, ['outcomes:', `${EXTRA}outcomes:`]);

describe('positions', () => {
  it('puts a field change at its value and a whole step at its key, in the new file', () => {
    const d = diff(FIXTURE, edit(withExtra, ['{ min: 1, likely: 2, max: 5 }', '{ min: 1, likely: 3, max: 5 }']));
    expect(d.changes.map((c) => `${c.message} ${c.side} ${c.line}:${c.column}`)).toEqual([
      'step demo: duration changed new 42:15',
      'step extra added new 70:3',
    ]);
    expect(d.changes[0]!.anchor).toMatchObject({ line: 42, column: 15 });
  });

  it('puts a removal in the old file, and anchors it on the parent key that is still there in the new one', () => {
    const before = edit(withExtra, ['      - { to: review, p: 0.7, within: 2 }\n', '      - { to: review, p: 0.6, within: 2 }\n      - { to: demo, p: 0.1, within: 5 }\n']);
    const d = diff(before, FIXTURE);
    expect(d.changes.map((c) => `${c.message} ${c.side} ${c.line}:${c.column} → ${c.anchor?.line}:${c.anchor?.column}`)).toEqual([
      'transition demo → review: p changed new 45:26 → 45:26',
      'transition demo → demo removed old 46:9 → 44:5',
      'step extra removed old 71:3 → 24:1',
    ]);
  });

  it('knows where metadata.version is', () => {
    expect(diff(FIXTURE, FIXTURE).versionAt).toMatchObject({ line: 6, column: 12 });
  });
});

describe('fingerprints', () => {
  it('are 16 hex digits, the same for the same change whatever else changed, and differ when the values do', () => {
    const a = diff(FIXTURE, edit(FIXTURE, ['kind: demo', 'kind: trial']));
    const b = diff(FIXTURE, edit(FIXTURE, ['kind: demo', 'kind: trial'], ['title: Demo process', 'title: Demo']));
    const c = diff(FIXTURE, edit(FIXTURE, ['kind: demo', 'kind: other']));
    const kindChange = (d: typeof a) => d.changes.find((x) => x.field === 'kind')!.fingerprint;
    expect(kindChange(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(kindChange(b)).toBe(kindChange(a));
    expect(kindChange(c)).not.toBe(kindChange(a));
    expect(new Set(b.changes.map((x) => x.fingerprint)).size).toBe(b.changes.length);
  });
});

describe('verdict', () => {
  it('compares the needed bump with the declared one', () => {
    const minor = edit(FIXTURE, ['kind: demo', 'kind: trial']);
    const cases = [
      [FIXTURE, FIXTURE],
      [FIXTURE, minor],
      [FIXTURE, edit(minor, ['version: 1.0.0', 'version: 1.0.1'])],
      [FIXTURE, edit(minor, ['version: 1.0.0', 'version: 1.1.0'])],
      [FIXTURE, edit(minor, ['version: 1.0.0', 'version: 2.0.0'])],
      [FIXTURE, edit(FIXTURE, ['version: 1.0.0', 'version: 0.9.0'])],
      [withExtra, edit(FIXTURE, ['version: 1.0.0', 'version: 1.1.0'])],
    ] as const;
    expect(cases.map(([before, after]) => { const d = diff(before, after); return [summaryLine(d), d.needed, d.declared, d.ok, d.suggestedVersion]; })).toEqual([
      ['no changes — no bump needed ✓', 'none', 'none', true, undefined],
      ['0 added, 1 changed, 0 removed — needs minor, declared none ✗', 'minor', 'none', false, '1.1.0'],
      ['0 added, 1 changed, 0 removed — needs minor, declared patch ✗', 'minor', 'patch', false, '1.1.0'],
      ['0 added, 1 changed, 0 removed — needs minor, declared minor ✓', 'minor', 'minor', true, undefined],
      ['0 added, 1 changed, 0 removed — needs minor, declared major ✓', 'minor', 'major', true, undefined],
      ['no changes — needs no bump, declared a downgrade ✗', 'none', 'downgrade', false, '1.0.1'],
      ['0 added, 0 changed, 1 removed — needs major, declared minor ✗', 'major', 'minor', false, '2.0.0'],
    ]);
  });

  it('counts renames apart', () => {
    expect(countsText({ added: 2, changed: 1, renamed: 1, removed: 1 })).toBe('2 added, 1 changed, 1 renamed, 1 removed');
    expect(countsText({ added: 2, changed: 1, renamed: 0, removed: 1 })).toBe('2 added, 1 changed, 1 removed');
  });

  it('treats a new file as an added process and a deleted one as a removed process (major), with no version check', () => {
    const added = diffProcesses(undefined, source(FIXTURE));
    expect(added).toMatchObject({ status: 'added', old: undefined, new: { file: 'new.yaml', name: 'demo', version: '1.0.0' }, needed: 'minor', declared: undefined, ok: true, verdict: 'new process' });
    expect(added.changes.map((c) => `${c.kind} ${c.location} ${c.message} ${c.side} ${c.line}:${c.column}`)).toEqual(['added process process demo added (new file) new 1:1']);
    const removed = diffProcesses(source(FIXTURE, 'HEAD~1:p.yaml'), undefined);
    expect(removed).toMatchObject({ status: 'removed', old: { file: 'HEAD~1:p.yaml' }, new: undefined, needed: 'major', ok: true, versionAt: undefined });
    expect(removed.changes[0]).toMatchObject({ kind: 'removed', location: 'process', side: 'old', anchor: undefined });
    expect(summaryLine(removed)).toBe('0 added, 0 changed, 1 removed — process deleted (needs major)');
  });
});

describe('impact', () => {
  const close = (actual: number | undefined, expected: number) => expect(Math.abs(actual! - expected)).toBeLessThan(1e-9);

  it('gives the exact numbers before and after, their deltas, and one line', () => {
    const { impact } = diff(V1, V2);
    close(impact.before!.winRate, 0.4);
    close(impact.after!.winRate, 0.36);
    close(impact.winRateDelta, -0.04);
    close(impact.before!.expectedCycleWon, 6);
    close(impact.after!.expectedCycleWon, 13);
    close(impact.expectedCycleWonDelta, 7);
    expect(impact.minimalPathStepsDelta).toBe(1);
    close(impact.minimalPathDaysDelta, 7);
    expect(impact.pathStepsAdded).toEqual(['security']);
    expect(impact.pathStepsRemoved).toEqual([]);
    expect(impact.summary).toBe('minimal path: +1 step (security), expected cycle +7.0 business days, win rate -4.0 points');
  });

  it('reads the other way for a removal, and follows renamed steps', () => {
    expect(diff(V2, V1).impact.summary).toBe('minimal path: -1 step (security), expected cycle -7.0 business days, win rate +4.0 points');
    const renamed = V1.replace(/\bb\b(?=[:,])/g, 'close').replace('  b: {', '  close: {');
    expect(diff(V1, renamed).changes.map((c) => c.message)).toEqual(['step b renamed to close']);
    expect(diff(V1, renamed).impact).toMatchObject({ pathStepsAdded: [], pathStepsRemoved: [], summary: 'no change to the minimal path, expected cycle or win rate' });
  });

  it('names steps gained and lost when the path changes course', () => {
    const swapped = V2.replace(/security/g, 'legal').replace('title: Security', 'title: Legal review');
    const { impact } = diff(V2, swapped);
    expect(impact.summary).toBe('minimal path: ±0 steps (+legal, -security)');
  });

  it('says when a side has no path, and summarises a new or a deleted process', () => {
    const before = diff(V1, V2).impact.before!;
    const blocked = { ...before, expectedCycleWon: undefined, minimalPath: { kind: 'blocked' as const, by: 'steps' as const, blocked: { askStep: 'b', missingInvolved: ['it'], missingCompleted: [] } } };
    expect(compareNumbers(before, blocked).summary).toBe('minimal path: 2 steps → none (the gate of b cannot be met), expected cycle 6.0 business days → n/a');
    expect(compareNumbers(undefined, before).summary).toBe('new process: win rate 40.0%, expected cycle 6.0 business days, minimal path 2 steps');
    expect(compareNumbers(before, undefined).summary).toBe('process removed; it had win rate 40.0%, expected cycle 6.0 business days, minimal path 2 steps');
  });
});

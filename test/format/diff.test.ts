// The spx diff renderers: text and markdown snapshots (inline), the JSON shape, GitHub annotations, and the helpers.
import { describe, expect, it } from 'vitest';
import { diffProcesses } from '../../src/diff/diff.js';
import { flow, formatDiff, markedSteps, type DiffReport } from '../../src/format/diff.js';
import { formatMermaid } from '../../src/format/mermaid.js';
import { edit, FIXTURE, source, V1, V2 } from '../diff/fixture.js';

/** V1 → V2 (a security step added before the ask) as `spx diff --base HEAD~1` reports it. */
function tinyReport(after = V2): DiffReport {
  const before = source(V1, 'HEAD~1:processes/tiny.yaml');
  const now = source(after, 'processes/tiny.yaml');
  return { base: 'HEAD~1', entries: [{ file: 'processes/tiny.yaml', diff: diffProcesses(before, now), process: now.process }] };
}

describe('markdown', () => {
  it('renders a PR comment: summary table, changes, impact, and the new version drawn with its marks', () => {
    const report = tinyReport();
    const mermaid = formatMermaid(report.entries[0]!.process!, undefined, { added: ['security'], changed: ['a'] });
    expect(formatDiff('markdown', report, { color: false })).toBe(`<!-- spx-diff -->
### spx diff against \`HEAD~1\`

| Process | Version | Changes | Needs | Declared | |
|---|---|---|---|---|---|
| \`processes/tiny.yaml\` | 1.0.0 → 1.1.0 | 1 added, 1 changed, 0 removed | minor | minor | ✅ |

#### \`processes/tiny.yaml\`: tiny 1.0.0 → 1.1.0

**1 added, 1 changed, 0 removed — needs minor, declared minor ✓**

| | Change | Bump | Line | Before | After |
|---|---|---|---|---|---|
| \`~\` | transition a → security: to changed | minor | 7 | \`b\` | \`security\` |
| \`+\` | step security added | minor | 8 |  |  |

**Impact:** minimal path: +1 step (security), expected cycle +7.0 business days, win rate -4.0 points

| | Before | After | Δ |
|---|---|---|---|
| Win rate | 40.0% | 36.0% | -4.0 points |
| Expected cycle of won deals | 6.0 days | 13.0 days | +7.0 days |
| Minimal path | 2 steps | 3 steps | +1 (security) |

<details open><summary>The new version: added steps in green, changed steps in amber</summary>

\`\`\`mermaid
${mermaid.trimEnd()}
\`\`\`

</details>
`);
    expect(mermaid).toContain('  classDef added fill:#dcfce7,stroke:#16a34a,stroke-width:3px\n  class s_security added\n');
    expect(mermaid).toContain('  classDef changed fill:#fef9c3,stroke:#ca8a04,stroke-width:3px\n  class s_a changed\n');
  });

  it('flags a version not raised enough, escapes table cells, and says when nothing changed', () => {
    const under = tinyReport(edit(V2, ['version: 1.1.0', 'version: 1.0.1'], ['title: A,', 'title: "A | B",']));
    const text = formatDiff('markdown', under, { color: false });
    expect(text).toContain('| `processes/tiny.yaml` | 1.0.0 → 1.0.1 | 1 added, 2 changed, 0 removed | minor | patch | ❌ |');
    expect(text).toContain('**1 added, 2 changed, 0 removed — needs minor, declared patch ✗** Set `metadata.version` to `1.1.0` or higher.');
    expect(text).toContain('| `~` | step a: title changed | patch | 7 | `A` | `A \\| B` |');
    expect(formatDiff('markdown', { base: 'origin/main', entries: [] }, { color: false })).toBe(
      '<!-- spx-diff -->\n### spx diff against `origin/main`\n\nNo process files changed since origin/main.\n',
    );
  });
});

describe('text', () => {
  it('lists each change with a marker, its bump and where it is, then the impact and the summary line', () => {
    expect(formatDiff('text', tinyReport(), { color: false })).toBe(`processes/tiny.yaml · tiny 1.0.0 → 1.1.0
  ~ transition a → security: to changed  minor  7:70
      b → security
  + step security added                  minor  8:3
  impact: minimal path: +1 step (security), expected cycle +7.0 business days, win rate -4.0 points
    win rate 40.0% → 36.0% · expected cycle 6.0 → 13.0 business days · minimal path 2 → 3 steps
  1 added, 1 changed, 0 removed — needs minor, declared minor ✓
`);
  });

  it('says how to fix an under-bumped version, totals several files, and colours only when asked', () => {
    const under = tinyReport(edit(V2, ['version: 1.1.0', 'version: 1.0.1']));
    const added = diffProcesses(undefined, source(FIXTURE, 'processes/demo.yaml'));
    const report: DiffReport = { base: 'HEAD~1', entries: [...under.entries, { file: 'processes/demo.yaml', diff: added, process: undefined }] };
    const text = formatDiff('text', report, { color: false });
    expect(text).toContain('  1 added, 1 changed, 0 removed — needs minor, declared patch ✗\n  set metadata.version to 1.1.0 or higher\n');
    expect(text).toContain('processes/demo.yaml · new process demo 1.0.0\n  + process demo added (new file)  minor  1:1\n');
    expect(text.endsWith('\n2 process files: 1 changed, 1 new, 0 deleted — 1 not bumped enough ✗\n')).toBe(true);
    expect(text).not.toMatch(/\u001b\[/);
    expect(formatDiff('text', report, { color: true })).toMatch(/\u001b\[32m\+\u001b\[39m step security added/);
    expect(formatDiff('text', { base: 'HEAD~1', entries: [] }, { color: false })).toBe('no process files changed since HEAD~1\n');
  });
});

describe('json', () => {
  it('has the documented shape', () => {
    const json = JSON.parse(formatDiff('json', tinyReport(), { color: false }));
    expect(Object.keys(json)).toEqual(['spxDiff', 'base', 'summary', 'files']);
    expect(json.spxDiff).toBe(1);
    expect(json.summary).toEqual({ files: 1, added: 0, removed: 0, modified: 1, unchanged: 0, needed: 'minor', notBumped: 0 });
    const [file] = json.files;
    expect(Object.keys(file)).toEqual(['file', 'status', 'old', 'new', 'counts', 'needed', 'declared', 'ok', 'suggestedVersion', 'summary', 'changes', 'impact']);
    expect(file).toMatchObject({
      file: 'processes/tiny.yaml',
      status: 'modified',
      old: { file: 'HEAD~1:processes/tiny.yaml', name: 'tiny', version: '1.0.0' },
      new: { file: 'processes/tiny.yaml', name: 'tiny', version: '1.1.0' },
      counts: { added: 1, changed: 1, renamed: 0, removed: 0 },
      needed: 'minor',
      declared: 'minor',
      ok: true,
      suggestedVersion: null,
      summary: '1 added, 1 changed, 0 removed — needs minor, declared minor ✓',
    });
    expect(file.changes[1]).toEqual({
      kind: 'added',
      location: 'step',
      subject: 'step security',
      field: null,
      path: ['steps', 'security'],
      side: 'new',
      line: 8,
      column: 3,
      before: null,
      after: { title: 'Security', owner: 'ae', with: ['it'], duration: 5, next: [{ to: 'b', p: 0.9, within: 2 }, { to: 'lost', p: 0.1 }] },
      bump: 'minor',
      message: 'step security added',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(file.impact.minimalPath).toMatchObject({ before: { count: 2, steps: ['a', 'b'] }, after: { count: 3, steps: ['a', 'security', 'b'] }, deltaSteps: 1, added: ['security'], removed: [] });
    expect(file.impact.winRate.before).toBeCloseTo(0.4, 12);
    expect(file.impact.expectedCycleWon.delta).toBeCloseTo(7, 12);
    expect(file.impact.summary).toBe('minimal path: +1 step (security), expected cycle +7.0 business days, win rate -4.0 points');
  });
});

describe('github', () => {
  it('an adequate bump: a notice on the line of each change, no warning or error', () => {
    const text = formatDiff('github', tinyReport(V2), { color: false });
    expect(text.split('\n')).toEqual([
      '::notice file=processes/tiny.yaml,line=7,col=70,title=spx diff%3A needs minor::transition a → security: to changed: b → security',
      '::notice file=processes/tiny.yaml,line=8,col=3,title=spx diff%3A needs minor::step security added',
      '::notice file=processes/tiny.yaml,title=spx diff::processes/tiny.yaml: 1 added, 1 changed, 0 removed — needs minor, declared minor ✓ (minimal path: +1 step (security), expected cycle +7.0 business days, win rate -4.0 points)',
      '',
    ]);
  });

  it('an under-bumped version: warns on the line of each change, errors at metadata.version, and notes the summary', () => {
    const under = tinyReport(edit(V2, ['version: 1.1.0', 'version: 1.0.1']));
    expect(formatDiff('github', under, { color: false }).split('\n')).toEqual([
      '::warning file=processes/tiny.yaml,line=7,col=70,title=spx diff%3A needs minor::transition a → security: to changed: b → security',
      '::warning file=processes/tiny.yaml,line=8,col=3,title=spx diff%3A needs minor::step security added',
      '::error file=processes/tiny.yaml,line=3,col=34,title=version-not-bumped::the changes need a minor bump but 1.0.0 → 1.0.1 declares patch; set metadata.version to 1.1.0 or higher',
      '::notice file=processes/tiny.yaml,title=spx diff::processes/tiny.yaml: 1 added, 1 changed, 0 removed — needs minor, declared patch ✗ (minimal path: +1 step (security), expected cycle +7.0 business days, win rate -4.0 points)',
      '',
    ]);
  });

  it('annotates a deleted process on its file without a line', () => {
    const removed = diffProcesses(source(V1, 'HEAD~1:processes/tiny.yaml'), undefined);
    const text = formatDiff('github', { base: 'HEAD~1', entries: [{ file: 'processes/tiny.yaml', diff: removed, process: undefined }] }, { color: false });
    expect(text.split('\n')[0]).toBe('::notice file=processes/tiny.yaml,title=spx diff%3A needs major::process tiny removed (file deleted) (was line 1)');
  });
});

describe('helpers', () => {
  it('flow prints values compactly, quoting only what would read ambiguously', () => {
    expect(flow({ min: 3, likely: 5, max: 15 })).toBe('{ min: 3, likely: 5, max: 15 }');
    expect(flow(['champion', 'it'])).toBe('[champion, it]');
    expect(flow(null)).toBe('(none)');
    expect(flow('Pain confirmed')).toBe('Pain confirmed');
    expect(flow('a: b')).toBe('"a: b"');
    expect(flow(['x, y'])).toBe('["x, y"]');
    expect(flow(0.25)).toBe('0.25');
    expect(flow('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
  });

  it('markedSteps marks added steps and steps changed in any part, but not removed ones', () => {
    const before = edit(FIXTURE, ['outcomes:', '  extra: { title: Extra, owner: ae, duration: 1, next: [{ to: lost }] }\noutcomes:']);
    const after = edit(
      FIXTURE,
      ['kind: demo', 'kind: trial'],
      ['description: Questionnaire.', 'description: Changed.'],
      ['{ to: lost, p: 0.1, reason: failed-review }', '{ to: lost, p: 0.1, reason: failed-security }'],
      ['outcomes:', '  added: { title: Added, owner: ae, duration: 1, next: [{ to: lost }] }\noutcomes:'],
    );
    const marks = markedSteps(diffProcesses(source(before, 'old.yaml'), source(after)));
    expect([...marks.added]).toEqual(['added']);
    expect([...marks.changed].sort()).toEqual(['demo', 'review']);
  });
});

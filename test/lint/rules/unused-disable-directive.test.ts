// unused-disable-directive: an `# spx-disable-next-line` comment that silences nothing; reported at the comment.
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { BASE, testRule } from '../rule-tester.js';

/** BASE with `comment` on its own line just above line `line` (1-based) of BASE. */
const withCommentAbove = (line: number, comment: string): string => {
  const lines = BASE.split('\n');
  lines.splice(line - 1, 0, comment);
  return lines.join('\n');
};

// testRule runs this rule alone, so a directive naming any other rule silences nothing here; only the
// loader's own findings (yaml-syntax, schema) are always present to be silenced.
testRule('unused-disable-directive', {
  valid: [
    { name: 'no directives', yaml: BASE },
    {
      name: 'directive text inside a quoted string is not a comment',
      yaml: BASE.replace('title: Discovery call and demo', 'title: "Call # spx-disable-next-line no-owner"'),
    },
  ],
  invalid: [
    {
      name: 'a directive above a line with nothing to silence',
      yaml: withCommentAbove(13, '    # spx-disable-next-line no-owner -- the AE is assigned later'),
      errors: [{ line: 13, column: 5, message: 'this spx-disable-next-line directive silences nothing (no-owner); remove it' }],
    },
    {
      name: 'a directive with no rule id silences every rule, and is unused all the same',
      yaml: withCommentAbove(10, '  # spx-disable-next-line'),
      errors: [{ line: 10, column: 3, message: 'this spx-disable-next-line directive silences nothing; remove it' }],
    },
    {
      name: 'a directive at the end of a line, and one naming two rules',
      yaml: BASE.replace('start: call', 'start: call # spx-disable-next-line unreachable-step').replace(
        '  close:\n',
        '  # spx-disable-next-line no-buyer, no-exit-criteria -- reviewed with sales leadership\n  close:\n',
      ),
      errors: [
        { line: 8, column: 13, message: /\(unreachable-step\)/ },
        { line: 20, column: 3, message: /\(no-buyer, no-exit-criteria\)/ },
      ],
    },
    {
      name: 'the last line of the file',
      yaml: `${BASE}# spx-disable-next-line schema\n`,
      errors: [{ line: 33, column: 1 }],
    },
  ],
});

describe('unused-disable-directive with every rule on', () => {
  const all = (yaml: string) => lint([{ file: 'test.yaml', contents: yaml }])[0]!.diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column}`);

  it('a directive that silences a finding is used, and the finding is gone', () => {
    const yaml = withCommentAbove(10, '  # spx-disable-next-line no-exit-criteria -- criteria are agreed per deal').replace('    exitCriteria: [Pain confirmed]\n', '');
    expect(all(yaml)).toEqual([]);
  });

  it('a directive whose rule id is misspelt silences nothing and says so', () => {
    const yaml = withCommentAbove(10, '  # spx-disable-next-line no-exit-criterion').replace('    exitCriteria: [Pain confirmed]\n', '');
    expect(all(yaml)).toEqual(['unused-disable-directive 10:3', 'no-exit-criteria 11:3']);
  });
});

// version-not-bumped: `# base: test.yaml` is the file at the base revision, `# file: test.yaml` the file now.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { RULES } from '../../../src/lint/rules/index.js';
import { BASE, findings, splitFiles, testRule } from '../rule-tester.js';

/** A base and a current version of test.yaml in one snippet; line numbers restart after each marker line. */
const pair = (base: string, current: string) => `# base: test.yaml\n${base}# file: test.yaml\n${current}`;
const versioned = (version: string, yaml = BASE) => yaml.replace('version: 1.0.0', `version: ${version}`);
/** BASE with one more (unreachable) step before `outcomes`. */
const withExtraStep = BASE.replace(/^outcomes:/m, '  extra: { title: Extra, owner: ae, with: [owner], duration: 1, next: [{ to: lost }] }\noutcomes:');
const renamed = (yaml: string) => yaml.replace('  close:\n', '  ask-for-order:\n').replace('{ to: close,', '{ to: ask-for-order,');
const kindTrial = (yaml: string) => yaml.replace('kind: demo', 'kind: trial');
// `metadata: { name: demo, version: 1.0.0, segment: smb }` on line 4 (after the marker): the version is at column 34.
const at = { line: 4, column: 34 };

testRule('version-not-bumped', {
  valid: [
    { name: 'no base: the rule is silent', yaml: BASE },
    { name: 'a file on its own (new since the base)', yaml: `# file: test.yaml\n${BASE}` },
    { name: 'nothing changed, version unchanged', yaml: pair(BASE, BASE) },
    { name: 'an estimate changed, patch bump', yaml: pair(BASE, versioned('1.0.1', BASE.replace('duration: 1\n    next:\n      - { to: close', 'duration: 2\n    next:\n      - { to: close'))) },
    { name: 'a step kind changed, minor bump', yaml: pair(BASE, versioned('1.1.0', kindTrial(BASE))) },
    { name: 'a bigger bump than needed is fine', yaml: pair(BASE, versioned('2.0.0', kindTrial(BASE))) },
    { name: 'a step removed, major bump', yaml: pair(withExtraStep, versioned('2.0.0')) },
    {
      name: 'transitions reordered and a duration rewritten in another form: no change',
      yaml: pair(
        BASE,
        BASE.replace('      - { to: close, p: 0.6, within: 2 }\n      - { to: lost, p: 0.4, reason: no-fit }', '      - { to: lost, p: 0.4, reason: no-fit }\n      - { to: close, p: 0.6, within: "2d" }'),
      ),
    },
    { name: 'a base that does not load is no base', yaml: pair('apiVersion: spx/v1\nkind: Nonsense\n', kindTrial(BASE)) },
  ],
  invalid: [
    {
      name: 'a step kind changed, version unchanged',
      yaml: pair(BASE, kindTrial(BASE)),
      errors: [
        {
          ...at,
          message:
            'version 1.0.0 is unchanged, but the changes since the base need a minor bump (step call: kind changed); set metadata.version to 1.1.0',
        },
      ],
    },
    {
      name: 'only a description changed: still needs a patch',
      yaml: pair(BASE, BASE.replace('    kind: demo\n', '    kind: demo\n    description: Thirty minutes on a call.\n')),
      errors: [{ ...at, message: 'need a patch bump (step call: description changed); set metadata.version to 1.0.1' }],
    },
    {
      name: 'a step removed with a minor bump',
      yaml: pair(withExtraStep, versioned('1.1.0')),
      errors: [{ ...at, message: 'version 1.0.0 → 1.1.0 is a minor bump, but the changes since the base need a major bump (step extra removed); set metadata.version to 2.0.0' }],
    },
    {
      name: 'a renamed step needs a major bump, and the citation is the change that needs most',
      yaml: pair(BASE, versioned('1.1.0', kindTrial(renamed(BASE)))),
      errors: [{ ...at, message: 'need a major bump (step close renamed to ask-for-order, and 1 more change); set metadata.version to 2.0.0' }],
    },
    {
      name: 'a version that goes down',
      yaml: pair(BASE, versioned('0.9.0')),
      errors: [{ ...at, message: 'version went down from 1.0.0 to 0.9.0 since the base; versions only go up: set metadata.version to 1.0.1 or higher' }],
    },
    {
      name: 'block-style metadata',
      yaml: pair(BASE, kindTrial(BASE).replace('metadata: { name: demo, version: 1.0.0, segment: smb }', 'metadata:\n  name: demo\n  version: 1.0.0\n  segment: smb')),
      errors: [{ line: 6, column: 12, message: 'need a minor bump' }],
    },
  ],
});

describe('version-not-bumped in the engine', () => {
  it('reads the base given with each input, file by file', () => {
    const results = lint([
      { file: 'a.yaml', contents: kindTrial(BASE), base: BASE },
      { file: 'b.yaml', contents: kindTrial(BASE.replace('name: demo', 'name: other')) },
    ]);
    expect(results.map((r) => r.diagnostics.filter((d) => d.ruleId === 'version-not-bumped').map((d) => `${d.file}:${d.line}`))).toEqual([['a.yaml:3'], []]);
  });

  it('can be turned off in the config', () => {
    const results = lint([{ file: 'a.yaml', contents: kindTrial(BASE), base: BASE }], { file: undefined, rules: { 'version-not-bumped': 'off' }, ignore: [] });
    expect(results[0]!.diagnostics.filter((d) => d.ruleId === 'version-not-bumped')).toEqual([]);
  });

  it('splitFiles attaches a base to its file and refuses a base without one', () => {
    expect(splitFiles(pair('a: 1\n', 'b: 2\n'))).toEqual([{ file: 'test.yaml', contents: '# file: test.yaml\nb: 2\n', base: '# base: test.yaml\na: 1\n' }]);
    expect(() => splitFiles('# base: other.yaml\na: 1\n# file: test.yaml\nb: 2\n')).toThrow(/# base: other.yaml has no matching # file:/);
  });
});

describe('version-not-bumped docs', () => {
  it('reports what the docs page says it reports', () => {
    const page = readFileSync('docs/rules/version-not-bumped.md', 'utf8');
    const incorrect = /## Incorrect[\s\S]*?```yaml\n([\s\S]*?)```/.exec(page)![1]!;
    const said = /Reported at (\d+):(\d+): ([\s\S]*?)\n\n/.exec(page)!;
    const [found] = findings(RULES.find((r) => r.id === 'version-not-bumped')!, incorrect);
    expect(`${found!.line}:${found!.column}: ${found!.message}`).toBe(`${said[1]}:${said[2]}: ${said[3]!.replace(/\n/g, ' ').replace(/\.$/, '')}`);
  });
});

// Table-driven rule tests: each case is a YAML snippet and the exact findings (rule id, line, column) expected.
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import type { Rule } from '../../src/lint/rule.js';
import { RULES } from '../../src/lint/rules/index.js';

export interface ExpectedFinding {
  /** For cross-file cases: the `# file:` name; `test.yaml` otherwise. */
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  /** A substring or pattern the message must match. */
  readonly message?: string | RegExp;
}

export interface RuleCases {
  readonly valid: readonly { readonly name: string; readonly yaml: string }[];
  readonly invalid: readonly { readonly name: string; readonly yaml: string; readonly errors: readonly ExpectedFinding[] }[];
}

/**
 * Lints `yaml` with the loader and only `rule` enabled; returns its findings and any load problems, over
 * all files. Cross-file cases put several files in one snippet, each starting with a `# file: NAME` line;
 * version cases add a `# base: NAME` section (see `splitFiles`).
 */
export function findings(rule: Rule, yaml: string) {
  return lint(splitFiles(yaml), { file: undefined, rules: {}, ignore: [] }, [rule]).flatMap((r) => r.diagnostics);
}

/**
 * Splits a snippet at `# file: NAME` lines (line numbers restart in each file); one `test.yaml` otherwise.
 * A section that starts with `# base: NAME` is not a file of its own: it is NAME as it was at the base revision
 * (what `spx lint --base REV` reads with git), for rules that compare versions (version-not-bumped). Its file
 * must also be in the snippet, e.g. `# base: test.yaml` … then `# file: test.yaml` ….
 */
export function splitFiles(yaml: string): { file: string; contents: string; base?: string }[] {
  const parts = yaml.split(/^(?=# (?:file|base): )/m).filter((part) => part.trim() !== '');
  if (!/^# (?:file|base): /.test(parts[0] ?? '')) return [{ file: 'test.yaml', contents: yaml }];
  const nameOf = (part: string, marker: string) => part.slice(marker.length, part.indexOf('\n')).trim();
  const bases = new Map(parts.filter((p) => p.startsWith('# base: ')).map((p) => [nameOf(p, '# base: '), p]));
  const files = parts
    .filter((p) => p.startsWith('# file: '))
    .map((part) => {
      const file = nameOf(part, '# file: ');
      const base = bases.get(file);
      bases.delete(file);
      return base === undefined ? { file, contents: part } : { file, contents: part, base };
    });
  if (bases.size > 0) throw new Error(`# base: ${[...bases.keys()].join(', ')} has no matching # file: section in the snippet`);
  return files;
}

/** Registers one `describe` block per rule with a test per case. */
export function testRule(ruleId: string, cases: RuleCases): void {
  const rule = RULES.find((r) => r.id === ruleId);
  describe(`rule ${ruleId}`, () => {
    it('is in the catalog', () => expect(rule).toBeDefined());
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        expect(findings(rule!, c.yaml).map(show)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const got = findings(rule!, c.yaml);
        expect(got.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column}`)).toEqual(
          c.errors.map((e) => `${ruleId} ${e.file ?? 'test.yaml'}:${e.line}:${e.column}`),
        );
        c.errors.forEach((e, i) => {
          if (e.message !== undefined) expect(got[i]!.message).toMatch(e.message);
        });
      });
    }
  });
}

function show(d: { ruleId: string; line: number; column: number; message: string }): string {
  return `${d.ruleId} ${d.line}:${d.column} ${d.message}`;
}

/**
 * A small valid process that every rule accepts; tests change one thing in it. Line numbers: `steps:` is
 * line 9, step `call` line 10 (its `next` line 16), step `close` line 20 (its `next` line 29), `outcomes` line 32.
 */
export const BASE = `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: demo, version: 1.0.0, segment: smb }
roles:
  seller: { ae: Account executive }
  buyer:
    owner: { title: Owner, decisionMaker: true }
start: call
steps:
  call:
    title: Discovery call and demo
    kind: demo
    owner: ae
    with: [owner]
    duration: 1
    next:
      - { to: close, p: 0.6, within: 2 }
      - { to: lost, p: 0.4, reason: no-fit }
    exitCriteria: [Pain confirmed]
  close:
    title: Ask for the order
    kind: close
    ask: true
    requires: { involved: [owner] }
    owner: ae
    with: [owner]
    duration: 1
    exitCriteria: [Order signed]
    next:
      - { to: won, p: 0.5 }
      - { to: lost, p: 0.5, reason: no-decision }
outcomes: { won: { result: won }, lost: { result: lost } }
`;

/** The roles of a {@link processDoc} unless given: an AE, and the owner who decides. */
const DOC_ROLES = '{ seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }';

/**
 * A small process around the given step lines: `roles` (flow style) on line 4, `start: a` on line 5 (value at
 * column 8), `steps:` on line 6, then one step per line from line 7 (the step id at column 3), then `outcomes`.
 * Roles default to an AE and an owner who decides, outcomes to won and lost.
 */
export function processDoc(steps: readonly string[], { roles = DOC_ROLES, outcomes = '{ won: { result: won }, lost: { result: lost } }' } = {}): string {
  return `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: t, version: 1.0.0, segment: smb }
roles: ${roles}
start: a
steps:
${steps.map((s) => `  ${s}\n`).join('')}outcomes: ${outcomes}
`;
}

/**
 * A complete process file in ten lines, for cross-file (segment) cases: its `# file: processes/NAME.yaml` line
 * is line 1 and `appliesTo` (flow style; a comment when undefined) line 5.
 */
export function scopedProcess(name: string, appliesTo: string | undefined): string {
  return `# file: processes/${name}.yaml
apiVersion: spx/v1
kind: SalesProcess
metadata: { name: ${name}, version: 1.0.0, segment: other }
${appliesTo === undefined ? '# no appliesTo' : `appliesTo: ${appliesTo}`}
roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }
start: close
steps:
  close: { title: Close, kind: close, ask: true, owner: ae, with: [owner], duration: 1, exitCriteria: [Signed], next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5, reason: no-fit }] }
outcomes: { won: { result: won }, lost: { result: lost } }
`;
}

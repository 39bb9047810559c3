// The crm block and calendar.timeZone at load: what the schema accepts, and each mistake reported at its node.
import { describe, expect, it } from 'vitest';
import { loadProcess } from '../../src/model/process-file.js';
import { BASE } from '../lint/rule-tester.js';

/** BASE (33 lines) with `extra` appended from line 33 on. */
const withTail = (extra: string): string => `${BASE}${extra}\n`;

const problems = (yaml: string): string[] => loadProcess('p.yaml', yaml).diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`);

describe('the crm block', () => {
  it('a full block loads into the model, stages and roles in file order', () => {
    const { process, diagnostics } = loadProcess('p.yaml', withTail(`crm:
  pipeline: default
  stages:
    appointmentscheduled: call
    "Appointment Scheduled": [call]
    contractsent: [close, call]
    closedwon: won
  roles:
    Decision Maker: owner`));
    expect(diagnostics).toEqual([]);
    expect(process!.crm).toEqual({
      pipeline: 'default',
      stages: new Map<string, string[]>([
        ['appointmentscheduled', ['call']],
        ['Appointment Scheduled', ['call']],
        ['contractsent', ['close', 'call']],
        ['closedwon', ['won']],
      ]),
      roles: new Map([['Decision Maker', 'owner']]),
      path: ['crm'],
    });
  });

  it('no crm block: crm is undefined and the time zone is UTC', () => {
    const { process } = loadProcess('p.yaml', BASE);
    expect(process!.crm).toBeUndefined();
    expect(process!.calendar.timeZone).toBe('UTC');
  });

  const invalid: [name: string, extra: string, expected: (string | RegExp)[]][] = [
    ['an unknown field', 'crm: { pipelines: [a] }', ['schema 33:8 unknown field "pipelines" in crm; did you mean "pipeline"?']],
    ['an empty list of steps', 'crm: { stages: { demo: [] } }', ['schema 33:24 crm.stages.demo must NOT have fewer than 1 items']],
    ['a stage with no value', 'crm:\n  stages:\n    demo:\n    closedwon: won', [/^schema 35:10 crm\.stages\.demo is not a valid crm stage target/]],
    ['a target that is not an id', 'crm: { stages: { demo: Demo Call } }', [/^schema 33:24 crm\.stages\.demo is not a valid crm stage target: What a CRM stage records/]],
    ['an empty stages map', 'crm: { stages: {} }', ['schema 33:16 crm.stages must NOT have fewer than 1 properties']],
    ['a crm role mapped to a label, not an id', 'crm: { roles: { Legal: Legal team } }', ['schema 33:24 crm.roles.Legal has the wrong form (Id): expected lowercase letters, digits and dashes (e.g. security-review)']],
    ['an empty pipeline', 'crm: { pipeline: "" }', [/^schema 33:18 crm\.pipeline must NOT have fewer than 1 characters/]],
  ];
  for (const [name, extra, expected] of invalid) {
    it(`refuses ${name}, at its node`, () => {
      const found = problems(withTail(extra));
      expect(found).toHaveLength(expected.length);
      expected.forEach((e, i) => expect(found[i]).toMatch(e));
    });
  }
});

describe('calendar.timeZone', () => {
  const withZone = (zone: string) => BASE.replace('start: call', `calendar: { timeZone: ${zone} }\nstart: call`);

  it('an IANA name loads as written', () => {
    expect(loadProcess('p.yaml', withZone('Europe/Berlin')).process!.calendar).toEqual({
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: [],
      timeZone: 'Europe/Berlin',
    });
  });

  it('an unknown zone is one schema error at the value, and no model', () => {
    const loaded = loadProcess('p.yaml', withZone('Mars/Olympus_Mons'));
    expect(loaded.process).toBeUndefined();
    expect(problems(withZone('Mars/Olympus_Mons'))).toEqual([
      'schema 8:23 calendar.timeZone "Mars/Olympus_Mons" is not a time zone this system knows; use an IANA name such as UTC, Europe/Berlin or America/New_York',
    ]);
  });

  it('a zone that is not a string is the schema\'s type error', () => {
    expect(problems(withZone('1'))).toEqual(['schema 8:23 calendar.timeZone must be a string; YAML read a number here: put the value in quotes']);
  });
});

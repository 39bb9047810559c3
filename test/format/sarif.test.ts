// The sarif format: valid against the official SARIF 2.1.0 schema, with exact regions, rules, artifacts and fingerprints.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { camelCase, formatSarif } from '../../src/format/sarif.js';
import type { LintResult } from '../../src/lint/engine.js';
import { RULES } from '../../src/lint/rules/index.js';
import { CWD, DEAL, RESULTS, SMB, TRICKY } from './results.js';

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-2.1.0.json', import.meta.url), 'utf8')) as { $schema: string };
// `format` keywords (uri, date-time…) need ajv-formats; the URIs are checked by hand below instead.
const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(schema);

interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    artifacts: { location: { uri: string; uriBaseId?: string } }[];
    columnKind: string;
    results: {
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index: number }; region: Record<string, number> } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

function sarif(results: readonly LintResult[], cwd = CWD): Sarif {
  const text = formatSarif(results, { cwd, version: '1.2.3' });
  const log = JSON.parse(text) as Sarif;
  const valid = validate(log);
  expect(validate.errors ?? [], 'schema errors').toEqual([]);
  expect(valid).toBe(true);
  return log;
}

function one(file: string, message = 'm', line = 1, step = 'intro'): LintResult {
  return {
    file,
    diagnostics: [
      { file, ruleId: 'no-owner', severity: 'warning', message, messageId: 'stepWithoutOwner', data: { step }, path: ['steps', step], line, column: 1, endLine: line, endColumn: 2 },
    ],
    errorCount: 0,
    warningCount: 1,
    process: undefined,
  };
}

describe('sarif', () => {
  const log = sarif(RESULTS);
  const run = log.runs[0]!;

  it('is checked against a draft 2020-12 schema, which is what the fixture declares', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('has a validator that does reject logs breaking the schema', () => {
    const broken = JSON.parse(formatSarif(RESULTS, { cwd: CWD, version: '1.2.3' })) as Sarif;
    broken.runs[0]!.results[0]!.level = 'fatal';
    broken.runs[0]!.results[1]!.locations[0]!.physicalLocation.region['startLine'] = 0;
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/results/0/level', '/runs/0/results/1/locations/0/physicalLocation/region/startLine']),
    );
  });

  it('is a SARIF 2.1.0 log with one run by spx at the given version', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('spx');
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.tool.driver).not.toHaveProperty('informationUri');
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('describes every rule of the catalog, in order', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const noNextStep = rules.find((r) => r.id === 'no-next-step')!;
    const catalog = RULES.find((r) => r.id === 'no-next-step')!;
    expect(noNextStep).toEqual({
      id: 'no-next-step',
      name: 'noNextStep',
      shortDescription: { text: catalog.meta.description },
      fullDescription: { text: catalog.meta.description },
      help: { text: `${catalog.meta.description}. See docs/rules/no-next-step.md in the spx package for why it matters and how to fix it.` },
      helpUri: 'https://github.com/spx-dev/spx/blob/main/docs/rules/no-next-step.md',
      defaultConfiguration: { level: 'error' },
    });
    for (const [i, rule] of rules.entries()) {
      expect(rule.defaultConfiguration.level).toBe(RULES[i]!.meta.defaultSeverity);
      expect(rule.help.text).toContain(`docs/rules/${rule.id}.md`);
      expect(rule.helpUri).toBe(`https://github.com/spx-dev/spx/blob/main/docs/rules/${rule.id}.md`);
    }
  });

  it('places each finding at its exact region, with its level and message', () => {
    expect(
      run.results.map((r) => {
        const { artifactLocation, region } = r.locations[0]!.physicalLocation;
        return [r.ruleId, r.level, artifactLocation.uri, region['startLine'], region['startColumn'], region['endLine'], region['endColumn']];
      }),
    ).toEqual([
      ['unknown-reference', 'error', 'processes/smb.yaml', 9, 7, 9, 12],
      ['unscheduled-next-step', 'warning', 'processes/smb.yaml', 12, 9, 13, 30],
      ['probability-sum', 'error', 'processes/smb.yaml', 104, 3, 104, 20],
      ['no-owner', 'warning', 'deals/%C3%BCber%20deal.yaml', 3, 1, 3, 8],
    ]);
    expect(run.results[1]!.message.text).toBe(TRICKY);
  });

  it('points ruleIndex at the rule and artifactLocation.index at the artifact', () => {
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId);
      const location = result.locations[0]!.physicalLocation.artifactLocation;
      expect(run.artifacts[location.index]!.location).toEqual({ uri: location.uri, uriBaseId: location.uriBaseId });
    }
  });

  it('lists every file linted, clean ones included, relative to %SRCROOT%', () => {
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(CWD).href}/` } });
    expect(run.artifacts).toEqual([
      { location: { uri: 'processes/smb.yaml', uriBaseId: '%SRCROOT%' } },
      { location: { uri: 'deals/%C3%BCber%20deal.yaml', uriBaseId: '%SRCROOT%' } },
      { location: { uri: 'clean.yaml', uriBaseId: '%SRCROOT%' } },
    ]);
  });

  it('writes URIs that resolve back to the files', () => {
    const base = run.originalUriBaseIds['%SRCROOT%']!.uri;
    expect(new URL(base).protocol).toBe('file:');
    for (const [artifact, file] of [SMB, DEAL, 'clean.yaml'].map((f, i) => [run.artifacts[i]!, f] as const)) {
      expect(new URL(artifact.location.uri, base).href).toBe(pathToFileURL(resolve(CWD, file)).href);
    }
  });

  it('uses an absolute file URI for a file outside the working directory', () => {
    const outside = resolve(CWD, '../other repo/p.yaml');
    const [artifact] = sarif([one('../other repo/p.yaml'), one(outside)]).runs[0]!.artifacts;
    expect(artifact).toEqual({ location: { uri: pathToFileURL(outside).href } });
    expect(artifact!.location.uri).toMatch(/^file:\/\/.*other%20repo\/p\.yaml$/);
  });

  it('lists a file named twice once, as the schema requires distinct artifacts', () => {
    const twice = sarif([one('p.yaml'), one('./p.yaml')]).runs[0]!;
    expect(twice.artifacts).toHaveLength(1);
    expect(twice.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.index)).toEqual([0, 0]);
  });

  it('fingerprints by rule, file and document path, so a finding keeps its identity when lines move or messages are reworded', () => {
    const print = (result: LintResult) => sarif([result]).runs[0]!.results[0]!.partialFingerprints['spx/v1']!;
    const base = print(one('p.yaml', 'm', 3));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(print(one('p.yaml', 'm', 40))).toBe(base);
    expect(print(one('q.yaml', 'm', 3))).not.toBe(base);
    expect(print(one('p.yaml', 'reworded', 3))).toBe(base);
    expect(print(one('p.yaml', 'm', 3, 'demo'))).not.toBe(base);
    // The same for every checkout: the relative URI is hashed, not the absolute path.
    expect(sarif([one('p.yaml', 'm', 3)], resolve('/elsewhere')).runs[0]!.results[0]!.partialFingerprints['spx/v1']).toBe(base);
  });

  it('gives two findings of one rule on one node two fingerprints', () => {
    const twice: LintResult = { ...one('p.yaml'), diagnostics: [one('p.yaml', 'a').diagnostics[0]!, one('p.yaml', 'b').diagnostics[0]!] };
    const [first, second] = sarif([twice]).runs[0]!.results.map((r) => r.partialFingerprints['spx/v1']);
    expect(first).not.toBe(second);
  });

  it('leaves ruleIndex out for a rule that is not in the catalog', () => {
    const result: LintResult = { ...one('p.yaml'), diagnostics: [{ ...one('p.yaml').diagnostics[0]!, ruleId: 'custom-rule' }] };
    expect(sarif([result]).runs[0]!.results[0]).not.toHaveProperty('ruleIndex');
  });

  it('is a valid log with no results when nothing was linted', () => {
    const empty = sarif([]).runs[0]!;
    expect(empty.results).toEqual([]);
    expect(empty.artifacts).toEqual([]);
  });

  it('names rules in camelCase', () => {
    expect(camelCase('unused-disable-directive')).toBe('unusedDisableDirective');
    expect(camelCase('yaml-syntax')).toBe('yamlSyntax');
    expect(camelCase('schema')).toBe('schema');
  });
});

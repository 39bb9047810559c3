// `x-` keys: accepted on every object with fixed fields, ignored by the model, the rules and the diff.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareProcesses } from '../../src/diff/changes.js';
import { lint } from '../../src/lint/engine.js';
import { loadProcess } from '../../src/model/process-file.js';

const ENTERPRISE = readFileSync('processes/enterprise.yaml', 'utf8');

/** The bundled enterprise process with an `x-` key added at every kind of object with fixed fields. */
const EXTENDED = ENTERPRISE.replace('apiVersion: spx/v1\n', 'apiVersion: spx/v1\nx-source: { system: hubspot, synced: 2026-11-30 }\n')
  .replace('  owners: [revops@example.com]\n', '  owners: [revops@example.com]\n  x-reviewed-by: cro\n')
  .replace('  employees: { min: 1000 }\n', '  employees: { min: 1000, x-basis: headcount }\n  x-note: Global 2000\n')
  .replace('  workdays: [mon, tue, wed, thu, fri]\n', '  workdays: [mon, tue, wed, thu, fri]\n  x-country: us\n')
  .replace('  discovery:\n', '  discovery:\n    x-playbook: https://example.com/discovery\n')
  .replace('{ to: solution-demos, p: 0.5,', '{ to: solution-demos, x-hubspot-stage: qualifiedtobuy, p: 0.5,')
  .replace('  won: { result: won,', '  won: { result: won, x-crm: closedwon,')
  .replace('crm:\n', 'crm:\n  x-owner: revops\n');

describe('x- extension keys', () => {
  it('every edit landed, so the test covers what it says', () => {
    expect(EXTENDED.match(/x-[a-z-]+:/g)).toHaveLength(9);
  });

  it('load without findings, and give the same model as the file without them', () => {
    const plain = loadProcess('enterprise.yaml', ENTERPRISE);
    const extended = loadProcess('enterprise.yaml', EXTENDED);
    expect(extended.diagnostics).toEqual([]);
    expect(extended.process).toEqual(plain.process);
    expect(lint([{ file: 'enterprise.yaml', contents: EXTENDED }])[0]!.diagnostics).toEqual([]);
  });

  it('are not changes for spx diff', () => {
    const o = loadProcess('old.yaml', ENTERPRISE);
    const n = loadProcess('new.yaml', EXTENDED);
    expect(compareProcesses({ process: o.process!, data: o.parsed!.data }, { process: n.process!, data: n.parsed!.data })).toEqual([]);
  });

  it('a key without the prefix is still an unknown field', () => {
    const found = loadProcess('p.yaml', ENTERPRISE.replace('  discovery:\n', '  discovery:\n    playbook: x\n')).diagnostics;
    expect(found.map((d) => d.message)).toEqual(['unknown field "playbook" in steps.discovery; remove it or check its spelling']);
  });
});

// spx import --into: the CRM pipeline read back into the process it records — round trips that change nothing, admin edits that change exactly what the admin changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPipeline } from '../../src/crm-pipeline/export.js';
import { readPipeline } from '../../src/crm-pipeline/import.js';
import { reconcilePipeline, vendorProbability } from '../../src/crm-pipeline/reconcile.js';
import { pipelineStages } from '../../src/crm-pipeline/stages.js';
import { lint } from '../../src/lint/engine.js';
import { applyCalibration } from '../../src/model/write-back.js';
import { tempDir } from '../cli/run-cli.js';
import { BUNDLED, bundledText, processOf, spxIn, VENDORS, vendorStages } from './helpers.js';

/** SMB with a crm block that has a two-step group, aliases for a step, a group and an outcome, and labels beside ids. */
const ALIASED = bundledText('smb').replace(
  /\ncrm:\n[\s\S]*$/,
  `
crm:
  stages:
    Appointment Scheduled: discovery
    appointmentscheduled: discovery
    "Demo: and trial": [demo, trial]
    qualifiedtobuy: [trial, demo]
    contractsent: closing-call
    Closed Won: won
    closedwon: won
    closedlost: lost
`,
);

const PROCESSES: readonly (readonly [string, string])[] = [...BUNDLED.map((name) => [name, bundledText(name)] as const), ['aliased', ALIASED]];

/** Where `spx import` reads what `spx export -o out` wrote. */
function exportedInput(vendor: (typeof VENDORS)[number], files: readonly { path: string }[]): string {
  return vendor === 'salesforce' ? 'out' : join('out', files[0]!.path);
}

describe('round trip: export, then import --into the same process', () => {
  it.each(PROCESSES.flatMap(([name, text]) => VENDORS.map((vendor) => [name, vendor, text] as const)))('%s via %s: nothing changes', async (name, vendor, text) => {
    const dir = tempDir({ 'p.yaml': text });
    const exported = await spxIn(dir, ['export', 'p.yaml', '--to', vendor, '-o', 'out']);
    expect(exported.code, exported.err).toBe(0);
    const files = exportPipeline(processOf(text), vendor);

    const run = await spxIn(dir, ['import', exportedInput(vendor, files), '--from', vendor, '--into', 'p.yaml', '-o', 'back.yaml']);
    expect(run, run.err).toMatchObject({ code: 0, out: '' });
    expect(run.err).toMatch(/nothing changed\n$/);
    const back = readFileSync(join(dir, 'back.yaml'), 'utf8');
    expect(back).toBe(text);

    // The crm mapping is identical, groups and aliases included…
    const before = processOf(text);
    const after = processOf(back);
    expect(after.crm?.stages).toEqual(before.crm?.stages);
    // …and every stage's exact win probability is the exported one to the vendor's precision.
    const stages = pipelineStages(after);
    const exportedStages = vendorStages(vendor, files);
    expect(exportedStages.map(([stage]) => stage)).toEqual(stages.filter((s) => vendor !== 'pipedrive' || s.kind === 'open').map((s) => s.name));
    for (const [stage, , probability] of exportedStages) {
      expect(vendorProbability(vendor, stages.find((s) => s.name === stage)!.winProbability)).toBe(probability);
    }
  });

  it('a HubSpot read response with stage ids matches the process by label; the ids are not needed', () => {
    const text = bundledText('smb');
    const body = JSON.parse(exportPipeline(processOf(text), 'hubspot')[0]!.contents);
    const response = { results: [{ id: '7734', ...body, stages: body.stages.map((s: object, i: number) => ({ id: String(1000 + i), ...s })) }] };
    const result = reconcilePipeline(text, readPipeline(JSON.stringify(response), 'hubspot'));
    expect(result).toMatchObject({ changed: false, text, findings: [] });
  });
});

/** SMB's exported payload with the third stage's probability raised by a tenth and the second stage renamed. */
function adminEdit(vendor: (typeof VENDORS)[number], contents: string): string {
  if (vendor === 'hubspot') {
    const body = JSON.parse(contents);
    body.stages[1].label = 'Demo booked';
    body.stages[2].metadata.probability = (Number(body.stages[2].metadata.probability) + 0.1).toFixed(1);
    return JSON.stringify(body, null, 2);
  }
  if (vendor === 'pipedrive') {
    const body = JSON.parse(contents);
    body[1].name = 'Demo booked';
    body[2].deal_probability += 10;
    return JSON.stringify(body, null, 2);
  }
  return contents
    .replaceAll('>qualifiedtobuy<', '>Demo booked<')
    .replace(/(<fullName>decisionmakerboughtin<\/fullName>[\s\S]*?<probability>)(\d+)/, (_, head: string, p: string) => `${head}${Number(p) + 10}`);
}

describe('an admin changed the pipeline in the CRM: import --into updates exactly that', () => {
  it.each(VENDORS)('smb via %s: one probability and one stage name', async (vendor) => {
    const text = bundledText('smb');
    const files = exportPipeline(processOf(text), vendor);
    const edited = adminEdit(vendor, files[0]!.contents);
    expect(edited).not.toBe(files[0]!.contents);
    const dir = tempDir({ 'smb.yaml': text, 'crm.txt': edited });

    const run = await spxIn(dir, ['import', 'crm.txt', '--from', vendor, '--into', 'smb.yaml', '--write']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe('');
    expect(run.err).toContain(`spx: smb.yaml: "qualifiedtobuy" is "Demo booked" in ${vendor === 'hubspot' ? 'HubSpot' : vendor === 'salesforce' ? 'Salesforce' : 'Pipedrive'} now (matched by its place in the pipeline): renamed in crm.stages; if deal data still names "qualifiedtobuy", map it too (qualifiedtobuy: demo)\n`);
    expect(run.err).toContain('spx: smb.yaml: 1 stage refitted (decisionmakerboughtin; 2 steps changed), 1 renamed, version 1.1.0 → 1.2.0, written to smb.yaml\n');
    // The impact, as spx diff prints it: a renamed CRM stage is a minor change.
    expect(run.err).toContain('needs minor, declared minor ✓');

    const written = readFileSync(join(dir, 'smb.yaml'), 'utf8');
    // Only the version, the renamed key and the transition probabilities of demo and trial changed.
    const changedLines = written.split('\n').filter((line, i) => line !== text.split('\n')[i]);
    expect(changedLines.map((line) => line.trim().replace(/p: [0-9.]+/, 'p: …'))).toEqual([
      'version: 1.2.0',
      '- { to: trial, p: …, within: { min: 0, likely: 1, max: 3 } }',
      '- { to: lost, p: …, reason: no-fit }',
      '- { to: closing-call, p: …, within: { min: 1, likely: 2, max: 5 } }',
      '- { to: lost, p: …, reason: trial-not-adopted }',
      'Demo booked: demo             # two HubSpot stages lead up to the demo: both record it',
    ]);
    const [linted] = lint([{ file: 'smb.yaml', contents: written }]);
    expect(linted!.errorCount).toBe(0);

    // Exporting again gives the admin's payload: the same stages and probabilities, the new name.
    const again = exportPipeline(linted!.process!, vendor);
    expect(vendorStages(vendor, again)).toEqual(vendorStages(vendor, [{ path: '', contents: edited }]));
    if (vendor === 'hubspot') expect(again[0]!.contents).toBe(`${edited}\n`);
  });

  it('enterprise via HubSpot: a two-step stage (a group) lowered by a tenth; every other stage keeps its probability', () => {
    const text = bundledText('enterprise');
    const [file] = exportPipeline(processOf(text), 'hubspot');
    const body = JSON.parse(file!.contents);
    const group = body.stages.findIndex((s: { label: string }) => s.label === 'qualifiedtobuy');
    const was = Number(body.stages[group].metadata.probability);
    body.stages[group].metadata.probability = (was - 0.1).toFixed(1);
    const edited = `${JSON.stringify(body, null, 2)}\n`;
    const result = reconcilePipeline(text, readPipeline(edited, 'hubspot'), 'enterprise.yaml');
    expect(result.findings).toEqual([]);
    expect(result.refitted).toEqual(['qualifiedtobuy']);
    const before = pipelineStages(processOf(text));
    const after = pipelineStages(processOf(result.text));
    for (const stage of after) {
      const old = before.find((s) => s.name === stage.name)!;
      if (stage.name === 'qualifiedtobuy') expect(stage.winProbability).toBeCloseTo(was - 0.1, 8);
      else expect(stage.winProbability).toBeCloseTo(old.winProbability, 8);
    }
    expect(exportPipeline(processOf(result.text), 'hubspot')[0]!.contents).toBe(edited);
  });
});

describe('findings', () => {
  it('a stage added in the CRM: named with what to do, exit 1; the rest still reconciled and printed', async () => {
    const text = bundledText('smb');
    const body = JSON.parse(exportPipeline(processOf(text), 'pipedrive')[0]!.contents);
    body.splice(2, 0, { name: 'Security review', order_nr: 3, deal_probability: 45, rotten_flag: false, rotten_days: null });
    body.forEach((stage: { order_nr: number }, i: number) => (stage.order_nr = i + 1));
    body[3].deal_probability = 60; // decisionmakerboughtin, 52 before
    const dir = tempDir({ 'smb.yaml': text, 'stages.json': JSON.stringify(body) });
    const run = await spxIn(dir, ['import', 'stages.json', '--from', 'pipedrive', '--into', 'smb.yaml']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('spx: smb.yaml: Pipedrive stage "Security review" (open, 45%) is not in the process: add a step for it and map it in crm.stages, or remove it in Pipedrive\n');
    expect(run.err).toContain('spx: smb.yaml: 1 stage refitted (decisionmakerboughtin; 2 steps changed), version 1.1.0 → 1.1.1, written to stdout\n');
    const printed = processOf(run.out);
    expect(vendorProbability('pipedrive', pipelineStages(printed).find((s) => s.name === 'decisionmakerboughtin')!.winProbability)).toBe(0.6);
    expect(readFileSync(join(dir, 'smb.yaml'), 'utf8')).toBe(text);
  });

  it('a CRM stage with no process stage beside it is added; a process stage with no CRM stage is removed', () => {
    const text = bundledText('smb');
    const body = JSON.parse(exportPipeline(processOf(text), 'hubspot')[0]!.contents);
    body.stages.splice(3, 1, { label: 'Negotiation', displayOrder: 3, metadata: { probability: '0.8', isClosed: 'false' } }, { label: 'Legal review', displayOrder: 4, metadata: { probability: '0.9', isClosed: 'false' } });
    body.stages.forEach((s: { displayOrder: number }, i: number) => (s.displayOrder = i));
    body.stages = body.stages.filter((s: { label: string }) => s.label !== 'closedlost');
    const result = reconcilePipeline(text, readPipeline(JSON.stringify(body), 'hubspot'), 'smb.yaml');
    expect(result.findings.map((f) => [f.kind, f.stage])).toEqual([
      ['renamed', 'Negotiation'],
      ['added', 'Legal review'],
      ['removed', 'closedlost'],
    ]);
    expect(result.findings[1]!.message).toBe('HubSpot stage "Legal review" (open, 90%) is not in the process: add a step for it and map it in crm.stages, or remove it in HubSpot');
    expect(result.findings[2]!.message).toBe('stage "closedlost" (outcome lost) is not in the HubSpot pipeline: add it back in HubSpot, or remove it from crm.stages');
  });

  it('Pipedrive rotting days changed in the CRM: reported with what to do (they come from the durations), not imported', () => {
    const text = bundledText('smb');
    const body = JSON.parse(exportPipeline(processOf(text), 'pipedrive')[0]!.contents);
    const was = body[2].rotten_days;
    body[2].rotten_days = was + 5;
    const result = reconcilePipeline(text, readPipeline(JSON.stringify(body), 'pipedrive'), 'smb.yaml');
    expect(result.changed).toBe(false);
    expect(result.findings).toEqual([
      {
        kind: 'rotting',
        stage: 'decisionmakerboughtin',
        message: `Pipedrive rots deals in "decisionmakerboughtin" after ${was + 5} days; the process's stall threshold gives ${was}: change the durations of step trial to match, or the next export sets it back`,
      },
    ]);
  });

  it('a HubSpot label renamed where the process maps both the stage id and its label: the label key is renamed, the id kept', () => {
    const text = bundledText('smb').replace('    appointmentscheduled: discovery\n', '    "1001": discovery\n    Appointment Scheduled: discovery\n');
    const body = JSON.parse(exportPipeline(processOf(text), 'hubspot')[0]!.contents);
    const response = { results: [{ id: 'default', ...body, stages: body.stages.map((s: { label: string }, i: number) => ({ ...s, id: i === 0 ? '1001' : s.label })) }] };
    response.results[0]!.stages[0]!.label = 'First meeting';
    const result = reconcilePipeline(text, readPipeline(JSON.stringify(response), 'hubspot'), 'smb.yaml');
    expect(result.findings.map((f) => f.kind)).toEqual(['renamed']);
    expect([...result.renamed]).toEqual([['Appointment Scheduled', 'First meeting']]);
    expect(result.text).toContain('    "1001": discovery\n    First meeting: discovery\n');
    expect(result.version).toBe('1.2.0');
  });

  it('a probability no fit can reach: the stage is named, the nearest fit written, exit 1', async () => {
    const text = bundledText('smb');
    const body = JSON.parse(exportPipeline(processOf(text), 'hubspot')[0]!.contents);
    // Discovery at 90% while the demo stage is at 40%: a deal would have to gain chances on the way.
    body.stages[0].metadata.probability = '0.9';
    const dir = tempDir({ 'smb.yaml': text, 'crm.json': JSON.stringify(body) });
    const run = await spxIn(dir, ['import', 'crm.json', '--from', 'hubspot', '--into', 'smb.yaml', '-o', 'new.yaml']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('spx: smb.yaml: stage "appointmentscheduled": HubSpot says 90%, more than its steps give when they lose no deal (a later stage has a lower probability): the nearest fit is written; raise the stages after it, or lower this one in the CRM\n');
    const written = processOf(readFileSync(join(dir, 'new.yaml'), 'utf8'));
    // Discovery then never loses a deal: its probability is the demo stage's.
    expect(written.steps.get('discovery')!.next.map((t) => t.p)).toEqual([1, 0]);
    expect(readFileSync(join(dir, 'smb.yaml'), 'utf8')).toBe(text);
  });
  it('a probability of 0 for an open stage: its steps still move on with p 0.01, the stage is named, the file still lints', () => {
    const text = bundledText('smb');
    const body = JSON.parse(exportPipeline(processOf(text), 'hubspot')[0]!.contents);
    body.stages[2].metadata.probability = '0.0';
    const result = reconcilePipeline(text, readPipeline(JSON.stringify(body), 'hubspot'), 'smb.yaml');
    // The stage goes as low as it can; the stages before it then cannot keep theirs (a deal would have to gain chances).
    expect(result.findings.map((f) => [f.kind, f.stage])).toEqual([
      ['not-fitted', 'decisionmakerboughtin'],
      ['not-fitted', 'qualifiedtobuy'],
      ['not-fitted', 'appointmentscheduled'],
    ]);
    expect(result.findings[0]!.message).toBe('stage "decisionmakerboughtin": HubSpot says 0%, less than its steps give when each still moves on with p 0.01 (lower would cut off every stage after it): the nearest fit is written; lower it in the process by hand, or raise it in the CRM');
    const [linted] = lint([{ file: 'smb.yaml', contents: result.text }]);
    expect(linted!.errorCount).toBe(0);
    const steps = linted!.process!.steps;
    expect(['discovery', 'demo', 'trial'].map((id) => steps.get(id)!.next.map((t) => t.p))).toEqual([[1, 0], [1, 0], [0.01, 0.99]]);
  });
});

describe('writing', () => {
  it('never overwrites without --force; --write needs --into; --write and -o conflict; a file that does not lint is refused', async () => {
    const text = bundledText('smb');
    const payload = exportPipeline(processOf(text), 'hubspot')[0]!.contents;
    const dir = tempDir({ 'smb.yaml': text, 'crm.json': payload, 'taken.yaml': 'mine' });
    const refused = await spxIn(dir, ['import', 'crm.json', '--from', 'hubspot', '--into', 'smb.yaml', '-o', 'taken.yaml']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^spx: taken\.yaml already exists: pass --force .*\[E_FILE_EXISTS\]\n$/);
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe('mine');
    const forced = await spxIn(dir, ['import', 'crm.json', '--from', 'hubspot', '--into', 'smb.yaml', '-o', 'taken.yaml', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe(text);

    expect((await spxIn(dir, ['import', 'crm.json', '--from', 'hubspot', '--write'])).err).toMatch(/--write writes into the --into process file.*\[E_USAGE\]\n$/);
    expect((await spxIn(dir, ['import', 'crm.json', '--from', 'hubspot', '--into', 'smb.yaml', '--write', '-o', 'x.yaml'])).err).toMatch(/--write and -o both name where to write.*\[E_USAGE\]\n$/);

    writeFileSync(join(dir, 'bad.yaml'), text.replace('start: discovery', 'start: nowhere'));
    const bad = await spxIn(dir, ['import', 'crm.json', '--from', 'hubspot', '--into', 'bad.yaml', '--write']);
    expect(bad.code).toBe(2);
    expect(readFileSync(join(dir, 'bad.yaml'), 'utf8')).toBe(text.replace('start: discovery', 'start: nowhere'));
  });

  it('write-back: crm.stages keys renamed in place, quoted when YAML needs it; shares split to the decimals asked', () => {
    const text = bundledText('smb');
    const renamed = applyCalibration(text, { steps: new Map(), crmStageRenames: new Map([['contractsent', 'Contract: sent'], ['closedwon', 'Closed Won']]), bump: 'none' });
    expect(renamed.version).toBe('1.1.0');
    expect(renamed.text).toBe(text.replace('    contractsent: closing-call', '    "Contract: sent": closing-call').replace('    closedwon: won', '    Closed Won: won'));
    const twoLost = text.replace('      - { to: lost, p: 0.3, reason: not-qualified }', '      - { to: lost, p: 0.2, reason: not-qualified }\n      - { to: lost, p: 0.1, reason: no-budget }');
    const split = applyCalibration(twoLost, { steps: new Map([['discovery', { next: new Map([['demo', 0.6543211], ['lost', 0.3456789]]) }]]), shareDecimals: 7 });
    expect(split.text).toContain('{ to: lost, p: 0.2304526, reason: not-qualified }');
    expect(split.text).toContain('{ to: lost, p: 0.1152263, reason: no-budget }');
  });
});

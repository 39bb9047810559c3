// exportPipeline: stage order and exact probabilities, vendor precision, rotting days, payloads valid against the vendors' schemas, limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { observedMapping } from '../../src/model/crm.js';
import { stageTimeQuantile } from '../../src/analysis/stage-time.js';
import { exportPipeline, hubspotProbability, percentProbability, rottenDays, encodeValueName } from '../../src/crm-pipeline/export.js';
import { decodeValueName } from '../../src/crm-pipeline/import.js';
import { pipelineStages, STALL_QUANTILE, STALL_SEED } from '../../src/crm-pipeline/stages.js';
import { parseXml, localName, type XmlElement } from '../../src/crm-pipeline/xml.js';
import { SpxError } from '../../src/model/errors.js';
import { addBusinessDays } from '../../src/analysis/business-days.js';
import type { Calendar } from '../../src/model/types.js';
import { ROOT } from '../cli/run-cli.js';
import { BUNDLED, bundledText, chainProcess, processOf } from './helpers.js';

const HUBSPOT = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/hubspot-pipelines-v3.json'), 'utf8'));
const SALESFORCE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/salesforce-metadata-types.json'), 'utf8'));

/** Ajv over the OpenAPI components: formats such as int32 are OpenAPI's, not JSON Schema's, so they are not checked. */
function hubspotValidator(component: string) {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: 'hubspot', components: HUBSPOT.components });
  return ajv.getSchema(`hubspot#/components/schemas/${component}`)!;
}

/** An XML element as an object: each child a property (text or object), repeated names arrays. */
function xmlObject(element: XmlElement, repeated: readonly string[]): unknown {
  if (element.children.length === 0) return element.text.trim();
  const object: Record<string, unknown> = {};
  for (const child of element.children) {
    const name = localName(child);
    const value = xmlObject(child, repeated);
    if (repeated.includes(name)) ((object[name] ??= []) as unknown[]).push(value);
    else object[name] = value;
  }
  return object;
}

function salesforceValidator(type: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'sf', $defs: SALESFORCE.$defs });
  return ajv.getSchema(`sf#/$defs/${type}`)!;
}

function exportError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpxError);
    expect((error as SpxError).code).toBe('E_EXPORT');
    return (error as SpxError).message;
  }
  throw new Error('expected E_EXPORT');
}

describe('pipelineStages', () => {
  it('SMB: stages in minimal-path order with the exact win probability of a deal entering each', () => {
    const stages = pipelineStages(processOf(bundledText('smb')));
    // One step per stage, no loops: the products of p down the chain (0.7·0.75·0.65·0.8 and its tails).
    expect(stages.map((s) => [s.name, s.kind, s.steps])).toEqual([
      ['appointmentscheduled', 'open', ['discovery']],
      ['qualifiedtobuy', 'open', ['demo']],
      ['decisionmakerboughtin', 'open', ['trial']],
      ['contractsent', 'open', ['closing-call']],
      ['closedwon', 'won', []],
      ['closedlost', 'lost', []],
    ]);
    const expected = [0.7 * 0.75 * 0.65 * 0.8, 0.75 * 0.65 * 0.8, 0.65 * 0.8, 0.8, 1, 0];
    stages.forEach((stage, i) => expect(stage.winProbability).toBeCloseTo(expected[i]!, 12));
  });

  it('a group of several steps is one stage named by its first crm.stages name', () => {
    const stages = pipelineStages(processOf(bundledText('enterprise')));
    expect(stages[1]).toMatchObject({ name: 'qualifiedtobuy', steps: ['solution-demos', 'technical-validation'] });
    expect(stages.map((s) => s.name)).not.toContain('presentationscheduled');
  });

  it('without crm.stages, stages are the step and outcome ids; off-path steps follow by expected entry time', () => {
    const text = bundledText('smb').replace(/\ncrm:[\s\S]*$/, '\n');
    expect(pipelineStages(processOf(text)).map((s) => s.name)).toEqual(['discovery', 'demo', 'trial', 'closing-call', 'won', 'lost']);
    // A step no minimal path visits (reached from demo with p 0.05) comes after the path's steps.
    const detour = text
      .replace('- { to: trial, p: 0.75, within: { min: 0, likely: 1, max: 3 } }', '- { to: trial, p: 0.7, within: { min: 0, likely: 1, max: 3 } }\n      - { to: rescue, p: 0.05, within: 1 }')
      .replace('\noutcomes:', '\n  rescue:\n    owner: ae\n    with: [owner]\n    duration: 2\n    next: [{ to: trial, p: 1, within: 1 }]\noutcomes:');
    expect(pipelineStages(processOf(detour)).map((s) => s.name)).toEqual(['discovery', 'demo', 'trial', 'closing-call', 'rescue', 'won', 'lost']);
  });
});

describe('vendor precision', () => {
  it('HubSpot: one decimal, as a string; Salesforce and Pipedrive: whole percents', () => {
    expect([0, 0.04, 0.05, 0.273, 0.39, 0.52, 0.8, 1].map(hubspotProbability)).toEqual(['0.0', '0.0', '0.1', '0.3', '0.4', '0.5', '0.8', '1.0']);
    expect([0, 0.273, 0.3888, 0.485, 0.995, 1].map(percentProbability)).toEqual([0, 27, 39, 49, 100, 100]);
  });

  it('rotting days: the most calendar days the threshold in whole business days can take, over every entry weekday', () => {
    const monFri = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
    // 1 business day entered on a Friday ends on Monday: 3 calendar days; on any other weekday it takes less.
    expect(rottenDays(1, monFri)).toBe(3);
    // 5 business days entered on a Friday (or a Monday: Tue–Fri, then Monday) take 7 calendar days; 6 take 10.
    expect(rottenDays(5, monFri)).toBe(7);
    expect(rottenDays(6, monFri)).toBe(10);
    expect(rottenDays(10, monFri)).toBe(14);
    expect(rottenDays(4.521998, monFri)).toBe(7);
    expect(rottenDays(5 + 1e-12, monFri)).toBe(7);
    expect(rottenDays(5, ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe(5);
    // A Sunday-to-Thursday week: 1 business day from a Thursday is Sunday, 3 days on.
    expect(rottenDays(1, ['sun', 'mon', 'tue', 'wed', 'thu'])).toBe(3);
    // Four days on, three off (Mon–Thu): 4 business days from a Monday or a Thursday take a whole week.
    expect(rottenDays(4, ['mon', 'tue', 'wed', 'thu'])).toBe(7);
    expect(rottenDays(0, monFri)).toBe(1);
    expect(rottenDays(Infinity, monFri)).toBeUndefined();
    expect(rottenDays(NaN, monFri)).toBeUndefined();
  });

  it('rotting days match addBusinessDays: from every entry date of a week, n business days never end after rotten_days', () => {
    const calendar = { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, holidays: [], timeZone: 'UTC' };
    for (let n = 1; n <= 12; n++) {
      const spans = Array.from({ length: 7 }, (_, i) => {
        const start = new Date(Date.UTC(2026, 5, 1 + i));
        return (addBusinessDays(start, n, calendar as unknown as Calendar).getTime() - start.getTime()) / 86_400_000;
      });
      expect(rottenDays(n, calendar.workdays)).toBe(Math.max(...spans));
    }
  });
});

describe('payloads', () => {
  it.each(BUNDLED)('%s: the HubSpot body is a valid PipelineInput of the v3 spec, probabilities in steps of 0.1', (name) => {
    const process = processOf(bundledText(name));
    const [file] = exportPipeline(process, 'hubspot');
    expect(file!.path).toBe(`${name}.hubspot.json`);
    const body = JSON.parse(file!.contents);
    const validate = hubspotValidator('PipelineInput');
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    const stages = pipelineStages(process);
    expect(body.label).toBe(process.title);
    expect(body.stages).toEqual(
      stages.map((stage, i) => ({
        label: stage.name,
        displayOrder: i,
        metadata: { probability: (Math.round(stage.winProbability * 10) / 10).toFixed(1), isClosed: String(stage.kind !== 'open') },
      })),
    );
  });

  it.each(BUNDLED)('%s: Salesforce metadata matches the Metadata API types; the value set in stage order', (name) => {
    const process = processOf(bundledText(name));
    const files = exportPipeline(process, 'salesforce');
    expect(files.map((f) => f.path)).toEqual([
      'standardValueSets/OpportunityStage.standardValueSet-meta.xml',
      `objects/Opportunity/businessProcesses/${name}.businessProcess-meta.xml`,
    ]);
    const valueSet = xmlObject(parseXml(files[0]!.contents), ['standardValue']) as { standardValue: Record<string, string>[] };
    const validSet = salesforceValidator('StandardValueSet');
    expect(validSet(valueSet), JSON.stringify(validSet.errors)).toBe(true);
    const businessProcess = xmlObject(parseXml(files[1]!.contents), ['values']) as { fullName: string; values: { fullName: string }[] };
    const validProcess = salesforceValidator('BusinessProcess');
    expect(validProcess(businessProcess), JSON.stringify(validProcess.errors)).toBe(true);

    const stages = pipelineStages(process);
    expect(valueSet.standardValue.map((v) => [v.fullName, v.probability, v.closed, v.won, v.forecastCategory])).toEqual(
      stages.map((s) => [s.name, String(Math.round(s.winProbability * 100)), String(s.kind !== 'open'), String(s.kind === 'won'), s.kind === 'open' ? 'Pipeline' : s.kind === 'won' ? 'Closed' : 'Omitted']),
    );
    expect(businessProcess.fullName).toBe(name);
    expect(businessProcess.values.map((v) => v.fullName)).toEqual(stages.map((s) => s.name));
  });

  it('Salesforce value names in a BusinessProcess are percent-encoded as retrieved files encode them', () => {
    expect(encodeValueName('Id. Decision Makers')).toBe('Id%2E Decision Makers');
    expect(encodeValueName('Negotiation/Review')).toBe('Negotiation%2FReview');
    expect(decodeValueName(encodeValueName('50% off. a/b'))).toBe('50% off. a/b');
  });

  it.each(BUNDLED)('%s: Pipedrive stages are the open ones, rotting after the 0.9 quantile of time in stage', (name) => {
    const process = processOf(bundledText(name));
    const [file] = exportPipeline(process, 'pipedrive');
    const body = JSON.parse(file!.contents) as Record<string, unknown>[];
    const open = pipelineStages(process).filter((s) => s.kind === 'open');
    const groupOf = observedMapping(process).groupOfStep;
    expect(body).toEqual(
      open.map((stage, i) => {
        const stall = stageTimeQuantile(process, groupOf, stage.target, STALL_QUANTILE, STALL_SEED);
        const days = rottenDays(stall, process.calendar.workdays);
        return { name: stage.name, order_nr: i + 1, deal_probability: Math.round(stage.winProbability * 100), rotten_flag: true, rotten_days: days };
      }),
    );
  });

  it('is deterministic: the same process gives byte-identical files', () => {
    const process = processOf(bundledText('enterprise'));
    for (const vendor of ['hubspot', 'salesforce', 'pipedrive'] as const) expect(exportPipeline(process, vendor)).toEqual(exportPipeline(process, vendor));
  });
});

describe('vendor limits', () => {
  it('a stage name longer than Salesforce allows (255 characters): at the limit it exports, one over it does not', () => {
    const long = 'a'.repeat(256);
    const process = processOf(bundledText('smb').replace('appointmentscheduled: discovery', `${long}: discovery`));
    expect(exportError(() => exportPipeline(process, 'salesforce'))).toBe(`smb: CRM stage "${long}" is 256 characters long; Salesforce allows at most 255: shorten it in crm.stages`);
    expect(exportPipeline(process, 'hubspot')).toHaveLength(1);
    const fits = processOf(bundledText('smb').replace('appointmentscheduled: discovery', `${'a'.repeat(255)}: discovery`));
    expect(exportPipeline(fits, 'salesforce')).toHaveLength(2);
  });

  it('more stages than the Opportunity Stage picklist holds (100 values): 100 export, 101 do not', () => {
    expect(exportError(() => exportPipeline(processOf(chainProcess(99)), 'salesforce'))).toBe('chain: the pipeline has 101 stages; Salesforce allows at most 100 in one pipeline');
    expect(exportPipeline(processOf(chainProcess(98)), 'salesforce')).toHaveLength(2);
  });

  it('two names the CRM cannot tell apart (case and spaces aside)', () => {
    const process = processOf(bundledText('smb').replace('qualifiedtobuy: demo', '"ContractSent ": demo'));
    for (const vendor of ['hubspot', 'salesforce', 'pipedrive'] as const) {
      expect(exportError(() => exportPipeline(process, vendor))).toMatch(/^smb: CRM stages "ContractSent " and "contractsent" have the same name to (HubSpot|Salesforce|Pipedrive) \(case and spaces aside\): rename one in crm.stages$/);
    }
  });

  it('more stages than HubSpot allows in one pipeline (100)', () => {
    const process = processOf(chainProcess(99));
    expect(exportError(() => exportPipeline(process, 'hubspot'))).toBe('chain: the pipeline has 101 stages; HubSpot allows at most 100 in one pipeline');
    expect(exportPipeline(processOf(chainProcess(98)), 'hubspot')).toHaveLength(1);
    // Pipedrive holds open stages only: 99 stages.
    expect(exportPipeline(process, 'pipedrive')).toHaveLength(1);
  });
});

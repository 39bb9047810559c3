/** `exportPipeline`: the files each CRM's own tools deploy, with stage probabilities and rotting days computed from the process. */
import type { Process, Weekday } from '../model/types.js';
import { checkVendorLimits, pipelineStages, stallThresholds, type CrmVendor, type PipelineStage } from './stages.js';
import { xmlEscape } from './xml.js';

/** A file to write: a path relative to the output directory, and its contents. */
export interface PipelineFile {
  readonly path: string;
  readonly contents: string;
}

/** HubSpot's precision: `metadata.probability` takes 0.0 to 1.0 "in increments of 0.1" (v3 pipelines OpenAPI spec). */
export function hubspotProbability(p: number): string {
  return (Math.round(p * 10) / 10).toFixed(1);
}

/** Salesforce's `probability` and Pipedrive's `deal_probability` are whole percents, 0 to 100. */
export function percentProbability(p: number): number {
  return Math.round(p * 100);
}

const WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Calendar days of Pipedrive's `rotten_days` for a stall threshold in business days. Pipedrive rots a deal by
 * calendar days since its last update, so the threshold is converted with the process calendar's workdays, exactly:
 * the threshold rounds up to whole business days n (as `addBusinessDays` plans dates), and `rotten_days` is the most
 * calendar days that n business days can take, over the seven weekdays a deal may enter the stage on — counting
 * from the day after entry, as business days are counted. So a deal never rots before its threshold in business
 * days, whatever day it entered (Mon–Fri, 1 business day: 3 calendar days from a Friday; 5: 7). At least 1. Dated
 * holidays are left out: a fixed number of days cannot hold them. Undefined when the threshold is not finite (a
 * stage a deal may never leave, or never enters): such a stage does not rot. Throws RangeError for no workdays.
 */
export function rottenDays(businessDays: number, workdays: readonly Weekday[]): number | undefined {
  if (!Number.isFinite(businessDays)) return undefined;
  const working = WEEK.map((day) => workdays.includes(day));
  const perWeek = working.filter(Boolean).length;
  if (perWeek === 0) throw new RangeError('the calendar has no workdays');
  // The 1e-9 keeps a threshold of exactly n days (a fixed duration) from rounding up to n + 1 through float error.
  const whole = Math.max(0, Math.ceil(businessDays - 1e-9));
  // Whole weeks first (each takes 7 calendar days from any start), then walk the rest day by day.
  const weeks = Math.max(0, Math.floor((whole - 1) / perWeek));
  const rest = whole - weeks * perWeek;
  let longest = 0;
  for (let entry = 0; entry < 7; entry++) {
    let days = 0;
    for (let left = rest; left > 0; ) {
      days++;
      if (working[(entry + days) % 7]) left--;
    }
    longest = Math.max(longest, days);
  }
  return Math.max(1, weeks * 7 + longest);
}

/**
 * The pipeline `process` implies, in the format `vendor`'s own tools deploy (see docs/crm-export.md):
 *
 * - `hubspot`: `<name>.hubspot.json`, the body of `POST /crm/v3/pipelines/deals` (label = the process title);
 * - `salesforce`: source-format metadata for `sf project deploy start`:
 *   `standardValueSets/OpportunityStage.standardValueSet-meta.xml` (the stages, in order, with probability, forecast
 *   category, closed and won) and `objects/Opportunity/businessProcesses/<name>.businessProcess-meta.xml` (the sales
 *   process listing them);
 * - `pipedrive`: `<name>.pipedrive.json`, an array of `POST /v1/stages` bodies (without `pipeline_id`): open stages
 *   only, since Pipedrive records won and lost as a deal status, with `rotten_days` from the stall threshold.
 *
 * Stages and probabilities are {@link pipelineStages}'; each probability is rounded only as far as the vendor's field
 * demands. Throws an `E_EXPORT` SpxError before producing anything when a vendor limit is broken.
 */
export function exportPipeline(process: Process, vendor: CrmVendor): PipelineFile[] {
  const all = pipelineStages(process);
  const stages = vendor === 'pipedrive' ? all.filter((stage) => stage.kind === 'open') : all;
  checkVendorLimits(stages, vendor, process.name);
  switch (vendor) {
    case 'hubspot':
      return [{ path: `${process.name}.hubspot.json`, contents: hubspotPipeline(process, stages) }];
    case 'salesforce':
      return salesforceMetadata(process, stages);
    case 'pipedrive':
      return [{ path: `${process.name}.pipedrive.json`, contents: pipedriveStages(process, stages) }];
  }
}

function hubspotPipeline(process: Process, stages: readonly PipelineStage[]): string {
  const body = {
    label: process.title,
    displayOrder: 0,
    stages: stages.map((stage, index) => ({
      label: stage.name,
      displayOrder: index,
      metadata: { probability: hubspotProbability(stage.winProbability), isClosed: String(stage.kind !== 'open') },
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function pipedriveStages(process: Process, stages: readonly PipelineStage[]): string {
  const stall = stallThresholds(process, stages);
  const body = stages.map((stage, index) => {
    const days = rottenDays(stall.get(stage.name) ?? NaN, process.calendar.workdays);
    return {
      name: stage.name,
      order_nr: index + 1,
      deal_probability: percentProbability(stage.winProbability),
      rotten_flag: days !== undefined,
      rotten_days: days ?? null,
    };
  });
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Salesforce's forecast category for a stage: open stages are Pipeline, won is Closed, lost is Omitted (the org defaults). */
function forecastCategory(stage: PipelineStage): string {
  return stage.kind === 'won' ? 'Closed' : stage.kind === 'lost' ? 'Omitted' : 'Pipeline';
}

/**
 * Retrieved BusinessProcess files percent-encode "." and "/" in value names (`Id%2E Decision Makers`,
 * `Negotiation%2FReview`), since both separate parts of a metadata full name; "%" is encoded so decoding is exact.
 */
export function encodeValueName(name: string): string {
  return name.replace(/[%./]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

function salesforceMetadata(process: Process, stages: readonly PipelineStage[]): PipelineFile[] {
  const values = stages
    .map(
      (stage) => `    <standardValue>
        <fullName>${xmlEscape(stage.name)}</fullName>
        <default>false</default>
        <label>${xmlEscape(stage.name)}</label>
        <closed>${stage.kind !== 'open'}</closed>
        <forecastCategory>${forecastCategory(stage)}</forecastCategory>
        <probability>${percentProbability(stage.winProbability)}</probability>
        <won>${stage.kind === 'won'}</won>
    </standardValue>
`,
    )
    .join('');
  const valueSet = `${XML_HEADER}<StandardValueSet xmlns="${METADATA_NS}">
    <sorted>false</sorted>
${values}</StandardValueSet>
`;
  const firstOpen = stages.find((stage) => stage.kind === 'open')!;
  const listed = stages
    .map(
      (stage) => `    <values>
        <fullName>${xmlEscape(encodeValueName(stage.name))}</fullName>
        <default>${stage === firstOpen}</default>
    </values>
`,
    )
    .join('');
  // A BusinessProcess description holds at most 255 characters (Metadata API, BusinessProcess).
  const description = process.title.length <= 255 ? `    <description>${xmlEscape(process.title)}</description>\n` : '';
  const businessProcess = `${XML_HEADER}<BusinessProcess xmlns="${METADATA_NS}">
    <fullName>${xmlEscape(process.name)}</fullName>
${description}    <isActive>true</isActive>
${listed}</BusinessProcess>
`;
  return [
    { path: 'standardValueSets/OpportunityStage.standardValueSet-meta.xml', contents: valueSet },
    { path: `objects/Opportunity/businessProcesses/${process.name}.businessProcess-meta.xml`, contents: businessProcess },
  ];
}

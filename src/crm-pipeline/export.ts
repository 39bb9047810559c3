/** `exportPipeline`: the files each CRM's own tools deploy, with stage probabilities and rotting days computed from the process. */
import type { Process } from '../model/types.js';
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

/**
 * Calendar days of Pipedrive's `rotten_days` for a stall threshold in business days: deals rot by calendar time, so
 * the threshold is scaled by 7 / (workdays per week) (holidays aside) and rounded up; at least 1. Undefined when the
 * threshold is not finite (a stage a deal may never leave, or never enters): such a stage does not rot.
 */
export function rottenDays(businessDays: number, workdaysPerWeek: number): number | undefined {
  if (!Number.isFinite(businessDays)) return undefined;
  // The 1e-9 keeps a threshold of exactly n days (a fixed duration) from rounding up to n + 1 through float error.
  return Math.max(1, Math.ceil((businessDays * 7) / workdaysPerWeek - 1e-9));
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
    const days = rottenDays(stall.get(stage.name) ?? NaN, process.calendar.workdays.length);
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

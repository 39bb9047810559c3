/** The CRM pipeline a process implies: its stages in order, each with its exact win probability and stall threshold. */
import { minimalPath } from '../analysis/minimal-path.js';
import { observedView } from '../analysis/observed.js';
import { stageTimeQuantile } from '../analysis/stage-time.js';
import { observedMapping } from '../model/crm.js';
import { SpxError } from '../model/errors.js';
import type { Process } from '../model/types.js';

/** The CRMs spx writes pipelines for and reads them from. */
export type CrmVendor = 'hubspot' | 'salesforce' | 'pipedrive';
/** Every CRM `spx export --to` and `spx import --from` take, in the order the docs list them. */
export const CRM_VENDORS: readonly CrmVendor[] = ['hubspot', 'salesforce', 'pipedrive'];

/** One stage of the pipeline a process implies. */
export interface PipelineStage {
  /** The CRM stage name: the first `crm.stages` name of its group or outcome (the step or outcome id without `crm.stages`). */
  readonly name: string;
  /** Open stages record steps; closed stages record an outcome. */
  readonly kind: 'open' | 'won' | 'lost';
  /** The observed group id (open) or the outcome id (closed). */
  readonly target: string;
  /** The steps the stage records (open stages), in file order. */
  readonly steps: readonly string[];
  /** The exact probability that a deal entering the stage is won (§3 of the deal-data contract); 1 for won, 0 for lost. */
  readonly winProbability: number;
}

/** The quantile of time in stage past which a deal counts as stalled (as `spx audit`'s default `--stall-quantile`). */
export const STALL_QUANTILE = 0.9;
/** Seed of the simulated stall threshold where no closed form exists: fixed, so exports are byte-identical. */
export const STALL_SEED = 1;

/**
 * The stages of the CRM pipeline that records `process`: one open stage per observed group (the steps one CRM stage
 * records; silent steps have none), then one closed stage per outcome some stage records. Open stages come in the
 * order of the minimal step path to won, then the rest by expected time of first entry (never-entered ones last,
 * file order breaking ties); closed stages follow in `crm.stages` order (outcome file order without `crm.stages`).
 *
 * An open stage's win probability is the observed view's entry-weighted probability of reaching won after entering
 * it; a stage no deal ever enters gets the probability of its first step.
 */
export function pipelineStages(process: Process): PipelineStage[] {
  const mapping = observedMapping(process);
  const view = observedView(process, mapping.groupOfStep);

  const rank = new Map<string, number>();
  const path = minimalPath(process, { by: 'steps' });
  if (path.kind === 'path') {
    for (const step of path.steps) {
      const group = mapping.groupOfStep.get(step.id);
      if (group !== undefined && !rank.has(group)) rank.set(group, rank.size);
    }
  }
  const groupOrder = new Map(mapping.groups.map((group, index) => [group.id, index]));
  const entryTime = (id: string): number => view.groups.get(id)?.expectedEntryTime ?? Infinity;
  const open = [...mapping.groups].sort((a, b) => {
    const ra = rank.get(a.id) ?? Infinity;
    const rb = rank.get(b.id) ?? Infinity;
    if (ra !== rb) return ra < rb ? -1 : 1;
    const ta = entryTime(a.id);
    const tb = entryTime(b.id);
    if (ta !== tb) return ta < tb ? -1 : 1;
    return groupOrder.get(a.id)! - groupOrder.get(b.id)!;
  });

  const stages: PipelineStage[] = open.map((group) => {
    const observed = view.groups.get(group.id)!;
    const winProbability =
      observed.totalEntries > 0 ? observed.winProbability : observed.winProbabilityByEntry.get(group.steps[0]!) ?? 0;
    return { name: group.id, kind: 'open', target: group.id, steps: group.steps, winProbability };
  });

  const outcomeStages = new Map<string, string>();
  const crmStages = process.crm?.stages;
  if (crmStages && crmStages.size > 0) {
    for (const stage of crmStages.keys()) {
      const target = mapping.resolveStage(stage);
      if (target?.kind === 'outcome' && !outcomeStages.has(target.outcome)) outcomeStages.set(target.outcome, stage);
    }
  } else {
    for (const id of process.outcomes.keys()) outcomeStages.set(id, id);
  }
  for (const [outcomeId, name] of outcomeStages) {
    const won = process.outcomes.get(outcomeId)!.result === 'won';
    stages.push({ name, kind: won ? 'won' : 'lost', target: outcomeId, steps: [], winProbability: won ? 1 : 0 });
  }
  return stages;
}

/**
 * The stall threshold of each open stage, in business days: the 0.9 quantile of the time a deal spends in the stage
 * ({@link stageTimeQuantile}: exact for a loop-free single step with fixed gaps, else a simulation with seed
 * {@link STALL_SEED}). Infinity when a deal may never leave the stage; NaN when no deal enters it.
 */
export function stallThresholds(process: Process, stages: readonly PipelineStage[]): Map<string, number> {
  const mapping = observedMapping(process);
  const thresholds = new Map<string, number>();
  for (const stage of stages) {
    if (stage.kind !== 'open') continue;
    thresholds.set(stage.name, stageTimeQuantile(process, mapping.groupOfStep, stage.target, STALL_QUANTILE, STALL_SEED));
  }
  return thresholds;
}

/** What a vendor accepts in a pipeline; `undefined` where the vendor publishes no limit. */
export interface VendorLimits {
  /** Display name, for messages. */
  readonly title: string;
  /** Most stages one pipeline (HubSpot), the Opportunity Stage picklist (Salesforce) may hold. */
  readonly maxStages: number | undefined;
  /** Longest stage name, in characters (UTF-16 code units, as the vendors count). */
  readonly maxLabel: number | undefined;
  /** Whether the pipeline holds closed stages (Pipedrive records won and lost as a deal status instead). */
  readonly closedStages: boolean;
}

/**
 * What each CRM accepts (stage count, name length), checked before anything is written. Each limit cites the vendor
 * page it comes from (also listed in docs/crm-export.md, "Vendor limits").
 */
export const VENDOR_LIMITS: Readonly<Record<CrmVendor, VendorLimits>> = {
  // Stages: "Pipelines may have up to 100 stages" — HubSpot CRM Pipelines API, create a pipeline
  // (https://developers.hubspot.com/docs/methods/pipelines/create_new_pipeline). Stage labels: no length is published
  // (the v3 OpenAPI spec, PipelineStageInput.label, only says labels are unique within the pipeline).
  hubspot: { title: 'HubSpot', maxStages: 100, maxLabel: undefined, closedStages: true },
  // Salesforce Help, "Picklist Limitations" (https://help.salesforce.com/HTViewHelpDoc?id=picklist_limitations.htm):
  // "For standard picklists, each value can have up to 255 characters", and the Opportunity Stage picklist holds at
  // most 100 values (the 1,000 of that page is for custom picklists). OpportunityStage.MasterLabel and ApiName are
  // strings of length 255 too (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-opportunitystage.html).
  salesforce: { title: 'Salesforce', maxStages: 100, maxLabel: 255, closedStages: true },
  // Pipedrive's Stages API (https://developers.pipedrive.com/docs/api/v1/Stages) documents no name length and no
  // stage count per pipeline; names are checked for uniqueness only.
  pipedrive: { title: 'Pipedrive', maxStages: undefined, maxLabel: undefined, closedStages: false },
};

/**
 * Throws an `E_EXPORT` SpxError naming the first problem that keeps `stages` from being a valid pipeline of `vendor`:
 * no open stage, an empty name, a name longer than the vendor allows, two names equal ignoring case and surrounding
 * spaces (vendors match stage names that way), or more stages than the vendor allows.
 */
export function checkVendorLimits(stages: readonly PipelineStage[], vendor: CrmVendor, processName: string): void {
  const limits = VENDOR_LIMITS[vendor];
  const fail = (message: string): never => {
    throw new SpxError('E_EXPORT', `${processName}: ${message}`);
  };
  if (!stages.some((stage) => stage.kind === 'open')) fail('no CRM stage records a step: map at least one step in crm.stages');
  const seen = new Map<string, string>();
  for (const stage of stages) {
    if (stage.name.trim() === '') fail(`a CRM stage name is empty or blank; ${limits.title} needs a name for every stage`);
    if (limits.maxLabel !== undefined && stage.name.length > limits.maxLabel) {
      fail(`CRM stage "${stage.name}" is ${stage.name.length} characters long; ${limits.title} allows at most ${limits.maxLabel}: shorten it in crm.stages`);
    }
    const key = stage.name.trim().toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) fail(`CRM stages "${other}" and "${stage.name}" have the same name to ${limits.title} (case and spaces aside): rename one in crm.stages`);
    seen.set(key, stage.name);
  }
  if (limits.maxStages !== undefined && stages.length > limits.maxStages) {
    fail(`the pipeline has ${stages.length} stages; ${limits.title} allows at most ${limits.maxStages} in one pipeline`);
  }
}

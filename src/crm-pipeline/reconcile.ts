/** `reconcilePipeline`: a CRM's pipeline read back into the process it came from — stage names and probabilities updated, everything else kept. */
import { observedView } from '../analysis/observed.js';
import { diffProcesses } from '../diff/diff.js';
import { observedMapping, type ObservedMapping } from '../model/crm.js';
import { SpxError } from '../model/errors.js';
import { loadProcess } from '../model/process-file.js';
import type { Process, Step, Transition } from '../model/types.js';
import { applyCalibration, type StepCalibration } from '../model/write-back.js';
import { MIN_FITTED_P, type CrmPipeline, type CrmStage } from './import.js';
import { rottenDays } from './export.js';
import { pipelineStages, stallThresholds, VENDOR_LIMITS, type CrmVendor, type PipelineStage } from './stages.js';

/** Something the CRM and the process disagree on, and what to do about it. */
export interface ReconcileFinding {
  /**
   * `renamed`: the CRM stage has a new name, written into `crm.stages`; `added`: a CRM stage the process has no
   * stage for; `removed`: a process stage the CRM no longer has; `not-fitted`: a stage whose probability could
   * not be made the CRM's; `kind`: a stage open in one and closed in the other, or won in one and lost in the other;
   * `rotting`: Pipedrive rots deals in a stage after other days than the process's stall threshold gives.
   */
  readonly kind: 'renamed' | 'added' | 'removed' | 'not-fitted' | 'kind' | 'rotting';
  /** The stage as the CRM names it (the process's name for `removed`). */
  readonly stage: string;
  /** One line: what differs and what to do. */
  readonly message: string;
}

/** What {@link reconcilePipeline} produces. */
export interface ReconcileResult {
  /** The process file's new text: the old text with only the changed numbers, names and version edited. */
  readonly text: string;
  /** Whether anything changed (else `text` is the old text, version included). */
  readonly changed: boolean;
  readonly oldVersion: string;
  /** The version the new text declares: raised by the bump `spx diff` says the change needs. */
  readonly version: string;
  /** `crm.stages` keys renamed, old → new. */
  readonly renamed: ReadonlyMap<string, string>;
  /** Stages (process names) whose probability was refitted to the CRM's. */
  readonly refitted: readonly string[];
  /** Steps whose transition probabilities changed (refitted stages, and stages upstream kept at their probability). */
  readonly stepsChanged: readonly string[];
  readonly findings: readonly ReconcileFinding[];
}

/** Decimals of refitted transition probabilities: a stage's win probability lands within 1e-8 of its target. */
const P_DECIMALS = 9;
/** How close a stage's win probability must come to its target before the fit stops. */
const FIT_TOLERANCE = 1e-11;

/** The probability a vendor's field shows for an exact win probability (HubSpot tenths, else whole percents). */
export function vendorProbability(vendor: CrmVendor, p: number): number {
  return vendor === 'hubspot' ? Math.round(p * 10) / 10 : Math.round(p * 100) / 100;
}

/**
 * Reconciles a CRM pipeline (as {@link readPipeline} reads it) with the process file it records, keeping the file's
 * steps, groups, aliases, owners, roles, durations and comments:
 *
 * 1. **Matching.** Each CRM stage matches the process stage ({@link pipelineStages}) that one of its `crm.stages`
 *    names (the group's first name, an alias, a stage id) equals — by CRM id first, then by label, then by label
 *    ignoring case and surrounding spaces. A CRM stage left over pairs with a process stage left over of the same
 *    class (open, or closed) between the same matched neighbours, in order: a **rename**, written into
 *    `crm.stages` (the key the export wrote, so the next export uses the new name). Stages still left over are
 *    findings: **added** in the CRM, **removed** from it.
 * 2. **Probabilities.** A matched open stage whose exact win probability, rounded as the vendor rounds it, already
 *    equals the CRM's keeps it; one that differs is refitted to the CRM's probability exactly. Every other open
 *    stage keeps its exact win probability. The knob of a stage is the share of its steps' transitions that go on
 *    (to steps or won) against those to lost outcomes: each goes on with a common factor, lost transitions take the
 *    rest in proportion. Stages are fitted downstream first, by bisection on the exact observed view, until every
 *    stage is within 1e-11 of its target. A target out of reach is a `not-fitted` finding and gets the nearest fit:
 *    above what the stage gives when its steps lose nothing, below what it gives when each step still moves on with
 *    p {@link MIN_FITTED_P} (as `spx import` fits a stage of probability 0), or a stage whose steps have no lost
 *    transition.
 * 3. **Version.** `metadata.version` is raised by the bump `spx diff` classifies the change as needing.
 *
 * Pipedrive holds open stages only: the process's closed stages are then neither matched nor reported. Pure: throws
 * SpxError `E_INVALID_PROCESS` when `text` does not load.
 */
export function reconcilePipeline(text: string, pipeline: CrmPipeline, file = 'process.yaml'): ReconcileResult {
  const loaded = loadProcess(file, text);
  if (!loaded.process || !loaded.parsed) {
    const first = loaded.diagnostics[0];
    throw new SpxError('E_INVALID_PROCESS', `${file}: cannot reconcile a process that does not load${first ? ` (${first.line}:${first.column} ${first.message})` : ''}; fix it first (spx lint)`);
  }
  const process = loaded.process;
  const vendor = pipeline.vendor;
  const title = VENDOR_LIMITS[vendor].title;
  const mapping = observedMapping(process);
  const all = pipelineStages(process);
  const mine = VENDOR_LIMITS[vendor].closedStages ? all : all.filter((stage) => stage.kind === 'open');
  const findings: ReconcileFinding[] = [];

  // 1. Matching.
  const namesOf = (stage: PipelineStage): string[] => stageNames(process, mapping, stage);
  const match = new Map<number, number>(); // CRM index → process index
  const taken = new Set<number>();
  const tryMatch = (test: (crm: CrmStage, names: readonly string[]) => boolean): void => {
    pipeline.stages.forEach((crm, i) => {
      if (match.has(i)) return;
      const j = mine.findIndex((stage, index) => !taken.has(index) && test(crm, namesOf(stage)));
      if (j >= 0) {
        match.set(i, j);
        taken.add(j);
      }
    });
  };
  tryMatch((crm, names) => crm.id !== undefined && names.includes(crm.id));
  tryMatch((crm, names) => names.includes(crm.label));
  tryMatch((crm, names) => names.some((name) => fold(name) === fold(crm.label)));
  // Renames: pair leftovers of the same class between the same matched neighbours.
  const renamedPairs = new Map<number, number>();
  let previous = -1;
  pipeline.stages.forEach((crm, i) => {
    const matched = match.get(i);
    if (matched !== undefined) {
      previous = matched;
      return;
    }
    let nextMatched = mine.length;
    for (let k = i + 1; k < pipeline.stages.length; k++) {
      const m = match.get(k);
      if (m !== undefined) {
        nextMatched = m;
        break;
      }
    }
    const j = mine.findIndex((stage, index) => index > previous && index < nextMatched && !taken.has(index) && (stage.kind === 'open') === (crm.kind === 'open'));
    if (j >= 0) {
      match.set(i, j);
      taken.add(j);
      renamedPairs.set(i, j);
      previous = j;
    }
  });

  const renames = new Map<string, string>();
  for (const [i, j] of match) {
    const crm = pipeline.stages[i]!;
    const stage = mine[j]!;
    if (crm.kind === 'open' && stage.kind !== 'open') {
      findings.push({ kind: 'kind', stage: crm.label, message: `${title} stage "${crm.label}" is open, but in the process it records the outcome "${stage.target}": map it to steps in crm.stages, or close it in ${title}` });
    } else if (crm.kind !== 'open' && stage.kind === 'open') {
      findings.push({ kind: 'kind', stage: crm.label, message: `${title} stage "${crm.label}" is closed (${crm.kind}), but in the process it records steps (${stage.steps.join(', ')}): map it to a ${crm.kind} outcome in crm.stages` });
    } else if (crm.kind !== stage.kind) {
      findings.push({ kind: 'kind', stage: crm.label, message: `${title} stage "${crm.label}" is closed ${crm.kind}, but the process's "${stage.target}" is ${stage.kind}: map it to a ${crm.kind} outcome in crm.stages` });
    }
    const names = namesOf(stage);
    if (names.includes(crm.label)) continue;
    // The key the export wrote for this stage (its first name), unless that is the CRM's id: then the first other name.
    const key = crm.id !== undefined && stage.name === crm.id ? names.find((name) => name !== crm.id) : stage.name;
    if (!process.crm?.stages.size || key === undefined || !process.crm.stages.has(key)) {
      findings.push({ kind: 'renamed', stage: crm.label, message: `${title} names stage "${stage.name}" "${crm.label}" now: map "${crm.label}" to ${describeTarget(stage)} in crm.stages (the process has no crm.stages key to rename)` });
      continue;
    }
    renames.set(key, crm.label);
    findings.push({
      kind: 'renamed',
      stage: crm.label,
      message: `"${key}" is "${crm.label}" in ${title} now${renamedPairs.has(i) ? ' (matched by its place in the pipeline)' : ''}: renamed in crm.stages; if deal data still names "${key}", map it too (${yamlPair(key, stage)})`,
    });
  }
  pipeline.stages.forEach((crm, i) => {
    if (match.has(i)) return;
    findings.push({
      kind: 'added',
      stage: crm.label,
      message: `${title} stage "${crm.label}" (${crm.kind === 'open' ? `open, ${formatPercent(crm.probability)}` : crm.kind}) is not in the process: add ${crm.kind === 'open' ? 'a step for it' : `a ${crm.kind} outcome`} and map it in crm.stages, or remove it in ${title}`,
    });
  });
  mine.forEach((stage, j) => {
    if (taken.has(j)) return;
    findings.push({
      kind: 'removed',
      stage: stage.name,
      message: `stage "${stage.name}" (${describeTarget(stage)}) is not in the ${title} pipeline: add it back in ${title}, or remove it from crm.stages${stage.kind === 'open' ? ' and reroute its steps' : ''}`,
    });
  });

  // 2. Probabilities: targets per open group.
  const targets = new Map<string, number>(); // group id → exact target
  const crmOf = new Map<string, CrmStage>();
  for (const stage of all) if (stage.kind === 'open') targets.set(stage.target, stage.winProbability);
  const refitted: string[] = [];
  for (const [i, j] of match) {
    const crm = pipeline.stages[i]!;
    const stage = mine[j]!;
    if (crm.kind !== 'open' || stage.kind !== 'open') continue;
    crmOf.set(stage.target, crm);
    if (Math.abs(vendorProbability(vendor, stage.winProbability) - crm.probability) > 1e-9) {
      targets.set(stage.target, crm.probability);
      refitted.push(stage.name);
    }
  }
  const fit = refitted.length > 0 ? fitTargets(process, mapping, all, targets) : { steps: new Map<string, Map<string, number>>(), unreachable: new Map<string, Unreachable>() };
  for (const [group, why] of fit.unreachable) {
    const crm = crmOf.get(group);
    const stage = all.find((s) => s.target === group)!;
    const wanted = targets.get(group)!;
    findings.push({
      kind: 'not-fitted',
      stage: crm?.label ?? stage.name,
      message: `stage "${crm?.label ?? stage.name}": ${crm ? `${title} says ${formatPercent(crm.probability)}` : `keeping ${formatPercent(wanted)}`}, ${UNREACHABLE[why]}`,
    });
  }

  // 3. Edits and version.
  const steps = new Map<string, StepCalibration>();
  for (const [stepId, next] of fit.steps) steps.set(stepId, { next });
  const changed = steps.size > 0 || renames.size > 0;
  let result: ReconcileResult = { text, changed: false, oldVersion: process.version, version: process.version, renamed: renames, refitted: [], stepsChanged: [], findings };
  if (changed) {
    const update = { steps, shareDecimals: P_DECIMALS, crmStageRenames: renames };
    const unversioned = applyCalibration(text, { ...update, bump: 'none' }).text;
    const after = loadProcess(file, unversioned);
    const needed = after.process && after.parsed ? diffProcesses({ process, parsed: loaded.parsed }, { process: after.process, parsed: after.parsed }).needed : 'patch';
    const written = applyCalibration(text, { ...update, bump: needed === 'none' ? 'patch' : needed });
    result = { text: written.text, changed: true, oldVersion: process.version, version: written.version, renamed: renames, refitted, stepsChanged: [...steps.keys()], findings };
  }

  // 4. Rotting days (Pipedrive): computed from the durations, so a change in the CRM is reported, not imported.
  const rotting = [...match].filter(([i]) => pipeline.stages[i]!.kind === 'open' && pipeline.stages[i]!.rottenDays !== undefined);
  if (vendor === 'pipedrive' && rotting.length > 0) {
    const final = result.changed ? loadProcess(file, result.text).process ?? process : process;
    const finalStages = pipelineStages(final);
    const stall = stallThresholds(final, finalStages);
    for (const [i, j] of rotting) {
      const crm = pipeline.stages[i]!;
      const stage = finalStages.find((s) => s.target === mine[j]!.target && s.kind === 'open');
      if (!stage) continue;
      const days = rottenDays(stall.get(stage.name) ?? NaN, final.calendar.workdays);
      if (days === crm.rottenDays) continue;
      findings.push({
        kind: 'rotting',
        stage: crm.label,
        message: `Pipedrive rots deals in "${crm.label}" after ${crm.rottenDays} days; the process's stall threshold gives ${days === undefined ? 'none' : `${days}`}: change the durations of ${describeTarget(stage)} to match, or the next export sets it back`,
      });
    }
  }
  return result;
}

/** Every name deal data may use for a stage: its `crm.stages` keys (first name, aliases, ids), or its id without `crm.stages`. */
function stageNames(process: Process, mapping: ObservedMapping, stage: PipelineStage): string[] {
  const stages = process.crm?.stages;
  if (!stages || stages.size === 0) return [stage.name];
  return [...stages.keys()].filter((name) => {
    const target = mapping.resolveStage(name);
    return stage.kind === 'open' ? target?.kind === 'group' && target.group.id === stage.target : target?.kind === 'outcome' && target.outcome === stage.target;
  });
}

function describeTarget(stage: PipelineStage): string {
  return stage.kind === 'open' ? (stage.steps.length === 1 ? `step ${stage.steps[0]}` : `steps ${stage.steps.join(', ')}`) : `outcome ${stage.target}`;
}

function yamlPair(key: string, stage: PipelineStage): string {
  return `${key}: ${stage.kind === 'open' ? (stage.steps.length === 1 ? stage.steps[0] : `[${stage.steps.join(', ')}]`) : stage.target}`;
}

function fold(name: string): string {
  return name.trim().toLowerCase();
}

function formatPercent(p: number): string {
  return `${Number((p * 100).toFixed(4))}%`;
}

/** Why a stage's target is out of reach. */
type Unreachable = 'high' | 'low' | 'fixed';

const UNREACHABLE: Readonly<Record<Unreachable, string>> = {
  high: 'more than its steps give when they lose no deal (a later stage has a lower probability): the nearest fit is written; raise the stages after it, or lower this one in the CRM',
  low: `less than its steps give when each still moves on with p ${MIN_FITTED_P} (lower would cut off every stage after it): the nearest fit is written; lower it in the process by hand, or raise it in the CRM`,
  fixed: 'but its steps have no transition to a lost outcome to trade against: add one, or change the steps after it',
};

/** Whether a transition target is a lost outcome. */
function isLost(process: Process, to: string): boolean {
  return process.outcomes.get(to)?.result === 'lost';
}

/**
 * Fits each open group's exact win probability to `targets` (group id → probability) by scaling, per group, its
 * steps' onward transitions by a common factor (lost transitions take the rest in proportion). Returns the new `p`
 * per step and target (only steps whose numbers changed), and the groups whose target is out of reach.
 */
function fitTargets(
  process: Process,
  mapping: ObservedMapping,
  stages: readonly PipelineStage[],
  targets: ReadonlyMap<string, number>,
): { steps: Map<string, Map<string, number>>; unreachable: Map<string, Unreachable> } {
  const original = new Map([...process.steps].map(([id, step]) => [id, step.next]));
  const current = new Map(original);
  const build = (): Process => ({ ...process, steps: new Map([...process.steps].map(([id, step]) => [id, { ...step, next: current.get(id)! } as Step])) });
  const win = (candidate: Process, group: string): number => {
    const observed = observedView(candidate, mapping.groupOfStep).groups.get(group)!;
    const first = mapping.groups.find((g) => g.id === group)!.steps[0]!;
    return observed.totalEntries > 0 ? observed.winProbability : observed.winProbabilityByEntry.get(first) ?? 0;
  };
  // The steps of a group with both onward and lost transitions: the ones a factor can move.
  const knobs = new Map<string, string[]>();
  for (const group of mapping.groups) {
    knobs.set(group.id, group.steps.filter((id) => {
      const next = original.get(id) ?? [];
      return next.some((t) => isLost(process, t.to)) && next.some((t) => !isLost(process, t.to));
    }));
  }
  const scaled = (next: readonly Transition[], factor: number): Transition[] => {
    const onward = next.filter((t) => !isLost(process, t.to)).reduce((sum, t) => sum + t.p, 0);
    const lost = next.filter((t) => isLost(process, t.to)).reduce((sum, t) => sum + t.p, 0);
    const lostScale = lost > 0 ? Math.max(0, 1 - factor * onward) / lost : 0;
    return next.map((t) => ({ ...t, p: isLost(process, t.to) ? t.p * lostScale : t.p * factor }));
  };
  const apply = (group: string, base: ReadonlyMap<string, readonly Transition[]>, factor: number): void => {
    for (const id of knobs.get(group)!) current.set(id, scaled(base.get(id)!, factor));
  };

  // Downstream first: the reverse of pipeline order (open stages only).
  const order = stages.filter((s) => s.kind === 'open').map((s) => s.target).reverse();
  const unreachable = new Map<string, Unreachable>();
  for (let sweep = 0; sweep < 30; sweep++) {
    let worst = 0;
    for (const group of order) {
      const target = targets.get(group)!;
      const got = win(build(), group);
      if (Math.abs(got - target) <= FIT_TOLERANCE) {
        unreachable.delete(group);
        continue;
      }
      const steps = knobs.get(group)!;
      if (steps.length === 0) {
        unreachable.set(group, 'fixed');
        continue;
      }
      const base = new Map(steps.map((id) => [id, current.get(id)!]));
      // The factor may grow until some step loses nothing.
      const maxFactor = Math.min(...steps.map((id) => 1 / base.get(id)!.filter((t) => !isLost(process, t.to)).reduce((sum, t) => sum + t.p, 0)));

      const onward = (id: string): number => base.get(id)!.filter((t) => !isLost(process, t.to)).reduce((sum, t) => sum + t.p, 0);
      // …and shrink until some step moves on with p MIN_FITTED_P, as spx import fits a stage of probability 0.
      const minFactor = Math.min(1, Math.max(...steps.map((id) => MIN_FITTED_P / onward(id))));
      const at = (factor: number): number => {
        apply(group, base, factor);
        return win(build(), group);
      };
      let lo = minFactor;
      let hi = maxFactor;
      if (at(hi) < target - FIT_TOLERANCE) {
        unreachable.set(group, 'high');
        apply(group, base, hi);
        continue;
      }
      if (at(lo) > target + FIT_TOLERANCE) {
        unreachable.set(group, 'low');
        apply(group, base, lo);
        continue;
      }
      for (let k = 0; k < 80 && hi - lo > 1e-15; k++) {
        const mid = (lo + hi) / 2;
        if (at(mid) < target) lo = mid;
        else hi = mid;
      }
      apply(group, base, (lo + hi) / 2);
      unreachable.delete(group);
      worst = Math.max(worst, Math.abs(got - target));
    }
    if (worst === 0) break;
  }

  // Round to 9 decimals per target; the lost share takes what makes each step sum to exactly its old total.
  const steps = new Map<string, Map<string, number>>();
  for (const [id, next] of current) {
    const before = original.get(id)!;
    if (next === before) continue;
    const byTarget = new Map<string, number>();
    for (const t of next) byTarget.set(t.to, (byTarget.get(t.to) ?? 0) + t.p);
    const rounded = new Map([...byTarget].map(([to, p]) => [to, round(p)]));
    const oldTotal = round(before.reduce((sum, t) => sum + t.p, 0));
    const lostTargets = [...rounded.keys()].filter((to) => isLost(process, to));
    const drift = round(oldTotal - [...rounded.values()].reduce((a, b) => a + b, 0));
    if (lostTargets.length > 0 && drift !== 0) rounded.set(lostTargets[0]!, round(rounded.get(lostTargets[0]!)! + drift));
    const oldByTarget = new Map<string, number>();
    for (const t of before) oldByTarget.set(t.to, (oldByTarget.get(t.to) ?? 0) + t.p);
    const changes = new Map([...rounded].filter(([to, p]) => Math.abs(p - round(oldByTarget.get(to)!)) > 0));
    if (changes.size > 0) steps.set(id, changes);
  }
  return { steps, unreachable };
}

function round(x: number): number {
  return Number(x.toFixed(P_DECIMALS));
}

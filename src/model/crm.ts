/** The observed mapping: which CRM stages record which steps (observed groups), which steps the data never shows. */
import type { Process } from './types.js';

/** A set of steps that one or more CRM stages record: the data cannot tell its steps apart. */
export interface ObservedGroup {
  /** The first CRM stage name (file order) that maps to the group; the step id when the file has no `crm.stages`. */
  readonly id: string;
  /** CRM stage names that record this group, in file order. */
  readonly stages: readonly string[];
  /** Step ids, in the process's file order. */
  readonly steps: readonly string[];
}

/** What a CRM stage records: an observed group of steps, or an outcome. */
export type StageTarget =
  | { readonly kind: 'group'; readonly group: ObservedGroup }
  | { readonly kind: 'outcome'; readonly outcome: string };

/** A process as deal data can see it. */
export interface ObservedMapping {
  /** In the file order of the first stage that names each group (step order without `crm.stages`). */
  readonly groups: readonly ObservedGroup[];
  /** Step id → the id of its group; silent steps are absent. */
  readonly groupOfStep: ReadonlyMap<string, string>;
  /** Steps no stage maps to (the data never shows them), in file order. */
  readonly silentSteps: readonly string[];
  /** What a stage value from deal data records, or undefined when it maps to nothing (an unknown stage). */
  resolveStage(stage: string): StageTarget | undefined;
}

/**
 * Builds the observed mapping of a process from its `crm.stages` (the format reference, "CRM mapping"):
 *
 * - with `crm.stages`, a stage naming one outcome records that outcome; a stage naming steps records the group of
 *   those steps, and stages naming the same set of steps (in any order) record the same group, whose id is the
 *   first such stage. A stage that names anything else (an unknown id, an outcome among steps) maps to nothing;
 *   lint reports it (crm-unknown-target). A step named by two different groups (crm-step-in-two-stages) belongs
 *   to the first;
 * - without `crm.stages`, every step is a group of its own, recorded by a stage equal to its id, and a stage
 *   equal to an outcome id records that outcome.
 *
 * Pure and total: never throws, whatever the mapping says.
 */
export function observedMapping(process: Process): ObservedMapping {
  const stages = process.crm?.stages;
  if (!stages || stages.size === 0) return identityMapping(process);
  const stepOrder = new Map([...process.steps.keys()].map((id, index) => [id, index]));
  const groupsByKey = new Map<string, { id: string; stages: string[]; steps: readonly string[] }>();
  const targets = new Map<string, StageTarget>();
  const pending: [stage: string, key: string][] = [];
  for (const [stage, ids] of stages) {
    if (ids.length === 1 && process.outcomes.has(ids[0]!)) {
      targets.set(stage, { kind: 'outcome', outcome: ids[0]! });
      continue;
    }
    if (ids.length === 0 || !ids.every((id) => process.steps.has(id))) continue;
    const steps = [...new Set(ids)].sort((a, b) => stepOrder.get(a)! - stepOrder.get(b)!);
    const key = steps.join('\u0000');
    const group = groupsByKey.get(key);
    if (group) group.stages.push(stage);
    else groupsByKey.set(key, { id: stage, stages: [stage], steps });
    pending.push([stage, key]);
  }
  const groups: ObservedGroup[] = [...groupsByKey.values()];
  const byKey = new Map([...groupsByKey].map(([key, group]) => [key, group as ObservedGroup]));
  for (const [stage, key] of pending) targets.set(stage, { kind: 'group', group: byKey.get(key)! });
  const groupOfStep = new Map<string, string>();
  for (const group of groups) for (const step of group.steps) if (!groupOfStep.has(step)) groupOfStep.set(step, group.id);
  const silentSteps = [...process.steps.keys()].filter((id) => !groupOfStep.has(id));
  return { groups, groupOfStep, silentSteps, resolveStage: (stage) => targets.get(stage) };
}

/** Without `crm.stages`: one group per step, named by its id; outcome ids record outcomes. */
function identityMapping(process: Process): ObservedMapping {
  const groups = [...process.steps.keys()].map((id): ObservedGroup => ({ id, stages: [id], steps: [id] }));
  const byStep = new Map(groups.map((group) => [group.id, group]));
  return {
    groups,
    groupOfStep: new Map(groups.map((group) => [group.id, group.id])),
    silentSteps: [],
    resolveStage(stage) {
      const group = byStep.get(stage);
      if (group) return { kind: 'group', group };
      return process.outcomes.has(stage) ? { kind: 'outcome', outcome: stage } : undefined;
    },
  };
}

/** Synthetic deal histories: deals walked through a process with the seeded simulator's samplers, as the CRM would record them. */
import type { Process } from '../model/types.js';
import { DEFAULT_STEP_CAP } from '../simulate/engine.js';
import { chunkState, Xoshiro128 } from '../simulate/rng.js';
import { DurationSampler, SamplerTableBuilder } from '../simulate/samplers.js';
import { addBusinessTime } from './business-time.js';
import type { Deal, DealEvent } from './types.js';

/** What {@link synthesizeDeals} generates. */
export interface SynthesizeOptions {
  /** Number of deals. */
  readonly deals: number;
  /** Seed of the random stream (a non-negative safe integer): the same seed gives the same deals. */
  readonly seed: number;
  /** Epoch ms at which the first deal starts. */
  readonly start: number;
  /** Business days between the starts of consecutive deals (default 0.1: ten deals a business day). */
  readonly spacingDays?: number;
  /** Epoch ms: events at or after it are not generated, and the deal stays open where it is. */
  readonly asOf?: number;
  /** The CRM stage that records a step; undefined makes the step silent (no event). Default: the step id. */
  readonly stageOf?: (stepId: string) => string | undefined;
  /** The CRM stage that records an outcome. Default: the outcome id. */
  readonly outcomeStageOf?: (outcomeId: string) => string;
  /** The file name in the events' source positions (default `synthetic.csv`, lines as {@link eventsCsv} writes them). */
  readonly file?: string;
}

/** A step's compiled choices: duration samplers (tracks) and transitions with cumulative probabilities and `within` samplers. */
interface CompiledStep {
  readonly id: string;
  readonly stage: string | undefined;
  readonly durations: readonly number[];
  readonly cumulative: readonly number[];
  /** Step index (≥ 0) or the bitwise NOT of an outcome's index in `outcomeStages`. */
  readonly targets: readonly number[];
  readonly withins: readonly number[];
}

/**
 * Deal histories generated from a process, the way a CRM would record them: each deal starts at
 * `start + i·spacingDays` business days, walks the process as the simulator does (a step's duration, or the
 * longest of its parallel tracks; a transition drawn by its probability among those with p > 0; its `within`
 * gap), and gets one event per step it enters (at the start of the step, stage `stageOf(step)`; silent steps
 * write nothing) and one for the outcome it reaches (at the end of that transition's `within`). Business days
 * become instants with {@link addBusinessTime} in the process calendar (its workdays, holidays and time zone),
 * rounded to the millisecond. A deal whose next event would fall at or after `asOf` stays open, as does one
 * stuck at a step without usable transitions or after 10,000 step visits. A deal that would start at or after `asOf`
 * (or whose every step is silent) has no event and is left out; ids (`D1`…, zero-padded) still count it. Draws come from xoshiro128** seeded
 * with (seed, 0) through the simulator's exact samplers, so the output is a pure function of its inputs.
 */
export function synthesizeDeals(process: Process, options: SynthesizeOptions): Deal[] {
  const { deals: count, seed, start } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`deals must be a non-negative integer, got ${count}`);
  const spacing = options.spacingDays ?? 0.1;
  if (!Number.isFinite(spacing) || spacing < 0) throw new RangeError(`spacingDays must be a finite number ≥ 0, got ${spacing}`);
  const asOf = options.asOf ?? Infinity;
  const stageOf = options.stageOf ?? ((id: string) => id);
  const outcomeStageOf = options.outcomeStageOf ?? ((id: string) => id);
  const file = options.file ?? 'synthetic.csv';
  const calendar = process.calendar;

  const stepIds = [...process.steps.keys()];
  const indexOf = new Map(stepIds.map((id, i) => [id, i]));
  const outcomeIds = [...process.outcomes.keys()];
  const outcomeIndex = new Map(outcomeIds.map((id, i) => [id, i]));
  const outcomeStages = outcomeIds.map((id) => outcomeStageOf(id));
  const table = new SamplerTableBuilder();
  const steps: CompiledStep[] = stepIds.map((id) => {
    const step = process.steps.get(id)!;
    const durations = step.parallel.length > 0 ? step.parallel.map((track) => table.add(track.duration)) : [table.add(step.duration)];
    // As the simulator: transitions with p ≤ 0 or to unknown ids are dropped (a step id wins over an outcome id).
    const usable = step.next.filter((t) => t.p > 0 && (indexOf.has(t.to) || outcomeIndex.has(t.to)));
    const total = usable.reduce((sum, t) => sum + t.p, 0);
    let running = 0;
    return {
      id,
      stage: stageOf(id),
      durations,
      cumulative: usable.map((t, k) => (k === usable.length - 1 ? 2 : (running += t.p) / total)),
      targets: usable.map((t) => indexOf.get(t.to) ?? ~outcomeIndex.get(t.to)!),
      withins: usable.map((t) => table.add(t.within)),
    };
  });
  const rng = new Xoshiro128(chunkState(seed, 0));
  const sampler = new DurationSampler(table.build(), rng);
  const startIndex = indexOf.get(process.start);
  if (startIndex === undefined) throw new RangeError(`the process's start "${process.start}" is not a step`);
  const width = String(count).length;

  const deals: Deal[] = [];
  let line = 2; // the events CSV's header is line 1
  let dealStart = start;
  for (let d = 0; d < count; d++) {
    if (d > 0) dealStart = addBusinessTime(dealStart, spacing, calendar);
    const origin = Math.round(dealStart);
    const id = `D${String(d + 1).padStart(width, '0')}`;
    const events: DealEvent[] = [];
    const emit = (stage: string, days: number): boolean => {
      const at = Math.round(addBusinessTime(origin, days, calendar));
      if (at >= asOf) return false;
      events.push({ stage, at, source: { file, line: line++ } });
      return true;
    };
    let s = startIndex;
    let days = 0;
    for (let visits = 0; visits < DEFAULT_STEP_CAP; visits++) {
      const step = steps[s]!;
      if (step.stage !== undefined && !emit(step.stage, days)) break;
      if (step.targets.length === 0) break; // a dead end: the deal stays here
      let duration = 0;
      for (const track of step.durations) duration = Math.max(duration, sampler.sample(track));
      const u = rng.nextDouble();
      let k = 0;
      while (u >= step.cumulative[k]!) k++;
      days += duration + sampler.sample(step.withins[k]!);
      const target = step.targets[k]!;
      if (target < 0) {
        emit(outcomeStages[~target]!, days);
        break;
      }
      s = target;
    }
    if (events.length > 0) deals.push({ id, pipeline: undefined, events, source: events[0]?.source ?? { file } });
  }
  return deals;
}

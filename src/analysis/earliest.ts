/** The fastest a path can possibly go: every duration and gap at its minimum (for "earliest close" dates). */
import { durationSupport } from '../model/duration.js';
import type { Duration, Process, Step } from '../model/types.js';

const minimum = (d: Duration | undefined): number => (d ? Math.max(0, durationSupport(d)[0]) : 0);

/** A step's shortest possible duration; a parallel step lasts as long as its slowest track's minimum. */
export function stepMinimumDays(step: Step): number {
  return step.parallel.length > 0 ? Math.max(...step.parallel.map((t) => minimum(t.duration))) : minimum(step.duration);
}

/** The shortest `within` among the p > 0 transitions from one step to the next id (a step or an outcome). */
function gapMinimum(from: Step, to: string): number {
  const gaps = from.next.filter((t) => t.to === to && t.p > 0).map((t) => minimum(t.within));
  return gaps.length > 0 ? Math.min(...gaps) : 0;
}

/**
 * Minimum business days from the END of `at` to `outcome`, through `remaining` step ids in order:
 * each gap and each later step at its minimum.
 */
export function minimumDaysAfter(process: Process, at: string, remaining: readonly string[], outcome: string): number {
  let total = 0;
  let previous = process.steps.get(at)!;
  for (const id of remaining) {
    const step = process.steps.get(id)!;
    total += gapMinimum(previous, id) + stepMinimumDays(step);
    previous = step;
  }
  return total + gapMinimum(previous, outcome);
}

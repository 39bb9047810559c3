/** A remaining path as stretches of business or calendar days, so its dates count a 14-calendar-day trial as 14 days. */
import { durationSupport, toCalendarDays } from '../model/duration.js';
import type { CalendarDays, Duration, Process, Step, Transition } from '../model/types.js';
import type { Stretch } from './business-days.js';
import type { PathStep } from './minimal-path.js';

/** Calendar days when the step's time is written in them: its duration, or every track of a parallel step. */
function stepCalendarDays(step: Step): CalendarDays | undefined {
  if (step.parallel.length === 0) return step.duration?.calendarDays;
  const units = step.parallel.map((t) => t.duration.calendarDays);
  // E[max] of tracks all scaled by one factor is that factor × E[max] in calendar days; a mix has no calendar form.
  return units.every((u) => u !== undefined) ? units[0] : undefined;
}

/** The transition a path takes from `from` to `to`: the first with p > 0. */
function transitionTo(from: Step, to: string): Transition | undefined {
  return from.next.find((t) => t.to === to && t.p > 0);
}

function stretch(businessDays: number, calendarDays: CalendarDays | undefined): Stretch {
  return calendarDays ? { days: toCalendarDays(businessDays, calendarDays), unit: 'calendar' } : { days: businessDays, unit: 'business' };
}

/** The `within` from step `at` to `to` (a step or an outcome) as a stretch; `businessDays` is its expected value. */
export function withinStretch(process: Process, at: string, to: string, businessDays: number): Stretch {
  const from = process.steps.get(at);
  return stretch(businessDays, from ? transitionTo(from, to)?.within?.calendarDays : undefined);
}

/**
 * The expected stretches from the END of `at` to `outcome` along `remaining`: each gap and step at its expected
 * value (as the path reports them, in business days), in calendar days where the file wrote calendar days.
 */
export function expectedStretches(process: Process, at: string, remaining: readonly PathStep[], outcome: string, gapToOutcome: number): Stretch[] {
  const stretches: Stretch[] = [];
  let previous = at;
  for (const step of remaining) {
    stretches.push(withinStretch(process, previous, step.id, step.gapBefore));
    const model = process.steps.get(step.id);
    stretches.push(stretch(step.expectedDays, model ? stepCalendarDays(model) : undefined));
    previous = step.id;
  }
  stretches.push(withinStretch(process, previous, outcome, gapToOutcome));
  return stretches;
}

const minimum = (d: Duration | undefined): number => (d ? Math.max(0, durationSupport(d)[0]) : 0);

/**
 * The shortest stretches from the END of `at` to `outcome` through `remaining` step ids: each gap (the shortest
 * `within` of the p > 0 transitions there) and each step (a parallel one: its slowest track's minimum) at its minimum.
 */
export function minimumStretches(process: Process, at: string, remaining: readonly string[], outcome: string): Stretch[] {
  const gap = (from: Step, to: string): Stretch => {
    const options = from.next.filter((t) => t.to === to && t.p > 0).map((t) => stretch(minimum(t.within), t.within?.calendarDays));
    return options.reduce<Stretch>((best, s) => (s.days < best.days ? s : best), options[0] ?? { days: 0, unit: 'business' });
  };
  const stretches: Stretch[] = [];
  let previous = process.steps.get(at)!;
  for (const id of remaining) {
    const step = process.steps.get(id)!;
    stretches.push(gap(previous, id));
    const days = step.parallel.length > 0 ? Math.max(...step.parallel.map((t) => minimum(t.duration))) : minimum(step.duration);
    stretches.push(stretch(days, stepCalendarDays(step)));
    previous = step;
  }
  stretches.push(gap(previous, outcome));
  return stretches;
}

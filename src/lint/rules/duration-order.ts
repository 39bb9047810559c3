/** duration-order: estimates must be non-negative, finite and ordered min ≤ likely ≤ max. */
import { toCalendarDays } from '../../model/duration.js';
import type { CalendarDays, DocPath, Duration } from '../../model/types.js';
import type { Rule } from '../rule.js';

export const durationOrder: Rule = {
  id: 'duration-order',
  meta: {
    description: 'negative or non-finite durations, min > likely, likely > max',
    defaultSeverity: 'error',
    scope: 'file',
    messages: {
      notSensible: 'duration is not a sensible number of business days (at most 1,000,000); fix the estimate',
      negative: 'duration is negative; business days must be 0 or more',
      minOverMax: 'min ({{min}}) is greater than max ({{max}}); swap them',
      minOverLikely: 'min ({{min}}) is greater than likely ({{likely}}); order them min ≤ likely ≤ max',
      likelyOverMax: 'likely ({{likely}}) is greater than max ({{max}}); order them min ≤ likely ≤ max',
    },
  },
  check({ process, report }) {
    const checkDuration = (duration: Duration | undefined, path: DocPath) => {
      const problem = duration && durationProblem(duration);
      if (problem) report({ path, ...problem });
    };
    for (const step of process.steps.values()) {
      checkDuration(step.duration, [...step.path, 'duration']);
      for (const track of step.parallel) checkDuration(track.duration, [...track.path, 'duration']);
      for (const t of step.next) checkDuration(t.within, [...t.path, 'within']);
    }
  },
};

function durationProblem(business: Duration): { messageId: string; data?: Record<string, number> } | undefined {
  // Numbers are quoted as the file writes them: a calendar-day estimate in its calendar days.
  const d = business.calendarDays ? writtenCalendarDays(business, business.calendarDays) : business;
  const values = d.dist === 'fixed' ? [d.value] : d.dist === 'uniform' ? [d.min, d.max] : [d.min, d.likely, d.max];
  if (values.some((v) => !Number.isFinite(v) || Math.abs(v) > 1e6)) return { messageId: 'notSensible' };
  if (values.some((v) => v < 0)) return { messageId: 'negative' };
  if (d.dist === 'uniform' && d.min > d.max) return { messageId: 'minOverMax', data: { min: d.min, max: d.max } };
  if (d.dist === 'pert' || d.dist === 'triangular') {
    if (d.min > d.likely) return { messageId: 'minOverLikely', data: { min: d.min, likely: d.likely } };
    if (d.likely > d.max) return { messageId: 'likelyOverMax', data: { likely: d.likely, max: d.max } };
  }
  return undefined;
}

function writtenCalendarDays(d: Duration, calendarDays: CalendarDays): Duration {
  // Back from business days: round off the float residue of × w / 7 then × 7 / w.
  const days = (x: number): number => Math.round(toCalendarDays(x, calendarDays) * 1e9) / 1e9;
  if (d.dist === 'fixed') return { dist: 'fixed', value: days(d.value) };
  if (d.dist === 'uniform') return { dist: 'uniform', min: days(d.min), max: days(d.max) };
  return { dist: d.dist, min: days(d.min), likely: days(d.likely), max: days(d.max) };
}

/** duration-order: estimates must be non-negative, finite and ordered min ≤ likely ≤ max. */
import type { DocPath, Duration } from '../../model/types.js';
import type { Rule } from '../rule.js';

export const durationOrder: Rule = {
  id: 'duration-order',
  meta: { description: 'negative or non-finite durations, min > likely, likely > max', defaultSeverity: 'error', scope: 'file' },
  check({ process, report }) {
    const checkDuration = (duration: Duration | undefined, path: DocPath) => {
      const problem = duration && durationProblem(duration);
      if (problem) report(path, problem);
    };
    for (const step of process.steps.values()) {
      checkDuration(step.duration, [...step.path, 'duration']);
      for (const track of step.parallel) checkDuration(track.duration, [...track.path, 'duration']);
      for (const t of step.next) checkDuration(t.within, [...t.path, 'within']);
    }
  },
};

function durationProblem(d: Duration): string | undefined {
  const values = d.dist === 'fixed' ? [d.value] : d.dist === 'uniform' ? [d.min, d.max] : [d.min, d.likely, d.max];
  if (values.some((v) => !Number.isFinite(v) || Math.abs(v) > 1e6)) return 'duration is not a sensible number of business days (at most 1,000,000); fix the estimate';
  if (values.some((v) => v < 0)) return 'duration is negative; business days must be 0 or more';
  if (d.dist === 'uniform' && d.min > d.max) return `min (${d.min}) is greater than max (${d.max}); swap them`;
  if (d.dist === 'pert' || d.dist === 'triangular') {
    if (d.min > d.likely) return `min (${d.min}) is greater than likely (${d.likely}); order them min ≤ likely ≤ max`;
    if (d.likely > d.max) return `likely (${d.likely}) is greater than max (${d.max}); order them min ≤ likely ≤ max`;
  }
  return undefined;
}

/** segment-overlap: two processes whose `appliesTo` both match some prospect in every criterion, neither more specific (routing is ambiguous). */
import type { Range } from '../../model/types.js';
import type { Rule } from '../rule.js';
import { describeIndustries, describeRange, findOverlaps, isBounded, type SegmentEntry } from '../../analysis/segment-intervals.js';

export const segmentOverlap: Rule = {
  id: 'segment-overlap',
  meta: {
    description: '`appliesTo` of two processes (same industry specificity) matching the same prospects',
    defaultSeverity: 'warning',
    scope: 'project',
    messages: {
      bothEverywhere: '{{first}} ({{file}}) and {{second}} both apply to every prospect on {{where}}; give them disjoint employee or arr ranges',
      rangesOverlap: "{{firstRanges}} of {{first}} ({{file}}) overlap {{second}}'s {{secondRanges}} on {{where}}; make the ranges disjoint",
    },
  },
  checkProject({ files }) {
    const withScope = files.filter((f) => f.process.appliesTo !== undefined);
    const entries: SegmentEntry[] = withScope.map((f) => ({ name: f.process.name, file: f.file, appliesTo: f.process.appliesTo! }));
    for (const overlap of findOverlaps(entries)) {
      const a = entries[overlap.first]!;
      const b = entries[overlap.second]!;
      // Name only the axes someone bounded: "any arr" on both sides says nothing.
      const axes = (['employees', 'arr'] as const).filter((axis) => isBounded(a.appliesTo[axis]) || isBounded(b.appliesTo[axis]));
      const ranges = (pick: (axis: 'employees' | 'arr') => Range | undefined) =>
        axes.map((axis) => `${axis} ${describeRange(pick(axis))}`).join(', ');
      const where =
        describeIndustries(overlap.industries) +
        (overlap.regions.includes('any') ? '' : ` in ${overlap.regions.length === 1 ? 'region' : 'regions'} ${overlap.regions.join(', ')}`) +
        (overlap.sources.includes('any') ? '' : ` from ${overlap.sources.length === 1 ? 'source' : 'sources'} ${overlap.sources.join(', ')}`);
      const data = { first: a.name, file: a.file, second: b.name, where };
      withScope[overlap.second]!.report(
        axes.length === 0
          ? { path: ['appliesTo'], target: 'key', messageId: 'bothEverywhere', data }
          : {
              path: ['appliesTo'],
              target: 'key',
              messageId: 'rangesOverlap',
              data: { ...data, firstRanges: ranges((axis) => a.appliesTo[axis]), secondRanges: ranges((axis) => b.appliesTo[axis]) },
            },
      );
    }
  },
};

/** segment-gap: prospects that no process's `appliesTo` covers, found by interval reasoning per industry and lead source. */
import type { Rule } from '../rule.js';
import { describeGap, describeGapSources, describeIndustries, findCoverageGaps, namedSources, type SegmentEntry } from '../../analysis/segment-intervals.js';

export const segmentGap: Rule = {
  id: 'segment-gap',
  meta: {
    description: '`appliesTo` ranges of the processes linted together that leave employee counts or arr uncovered',
    defaultSeverity: 'warning',
    scope: 'project',
    messages: { gap: 'no process covers {{gap}} ({{segment}}): {{fix}}' },
  },
  checkProject({ files }) {
    const withScope = files.filter((f) => f.process.appliesTo !== undefined);
    const entries: SegmentEntry[] = withScope.map((f) => ({ name: f.process.name, file: f.file, appliesTo: f.process.appliesTo! }));
    const named = namedSources(entries);
    for (const gap of findCoverageGaps(entries)) {
      const below = gap.before === undefined ? undefined : entries[gap.before]!;
      const above = gap.after === undefined ? undefined : entries[gap.after]!;
      const widen = [
        below && `${below.name} (max ${below.appliesTo[gap.axis]!.max})`,
        above && `${above.name} (min ${above.appliesTo[gap.axis]!.min})`,
      ].filter(Boolean);
      const fix = widen.length === 2 ? `widen ${widen.join(' or ')}` : `widen ${widen[0]!} or add a process for them`;
      // Anchor on the bound to move: the max just below the gap, or the min just above a gap at the start.
      const index = gap.before ?? gap.after!;
      withScope[index]!.report({
        path: ['appliesTo', gap.axis, gap.before !== undefined ? 'max' : 'min'],
        messageId: 'gap',
        data: { gap: describeGap(gap), segment: [describeIndustries(gap.industries), describeGapSources(gap.sources, named)].filter(Boolean).join(', '), fix },
      });
    }
  },
};

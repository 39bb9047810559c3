/** Interval reasoning over `appliesTo`: which processes overlap and which prospects no process covers (exact, never sampled). */
import type { AppliesTo, Range } from '../model/types.js';

/**
 * The two numeric axes of `appliesTo`. Employees are whole people, so bounds are read as integers (a max of 49
 * and a min of 50 leave nothing between them); ARR is a real amount, so inclusive bounds are closed intervals
 * (a max of 99999 and a min of 100000 leave the open interval (99999, 100000) uncovered).
 */
export type Axis = 'employees' | 'arr';

/** A closed interval on an axis; ±Infinity for an absent bound. Empty when lo > hi. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** Where prospects start on each axis: nobody has 0 employees; a deal may be worth 0. */
export const AXIS_START: Readonly<Record<Axis, number>> = { employees: 1, arr: 0 };

/** The interval a range covers on an axis; an absent range covers the whole axis. */
export function intervalOf(axis: Axis, range: Range | undefined): Interval {
  const lo = range?.min ?? -Infinity;
  const hi = range?.max ?? Infinity;
  // Whole people: 49.5 employees is not a head count, so fractional bounds shrink to the integers inside them.
  return axis === 'employees' ? { lo: Math.ceil(lo), hi: Math.floor(hi) } : { lo, hi };
}

/** True when the two intervals share a point (for employees, an integer: their bounds already are). */
export function intervalsIntersect(a: Interval, b: Interval): boolean {
  return Math.max(a.lo, b.lo) <= Math.min(a.hi, b.hi);
}

/**
 * An uncovered stretch of an axis. On employees it is the integers lo..hi (hi may be Infinity). On ARR it is
 * the open interval (lo, hi) — bounds belong to the neighbouring processes — except that a gap at the start
 * includes the axis start itself: [0, hi).
 */
export interface Gap {
  readonly lo: number;
  readonly hi: number;
  /** Index of the interval ending just before the gap; undefined for a gap at the start of the axis. */
  readonly before: number | undefined;
  /** Index of the interval starting just after the gap; undefined for a gap that runs to infinity. */
  readonly after: number | undefined;
}

/**
 * The stretches of [AXIS_START, ∞) that no interval covers, in axis order. Empty intervals cover nothing. Ties
 * (several intervals ending or starting at the same place) name the one with the lowest start, then index.
 */
export function findGaps(axis: Axis, intervals: readonly Interval[]): Gap[] {
  const order = intervals
    .map((interval, index) => ({ ...interval, index }))
    .filter((i) => i.lo <= i.hi)
    .sort((a, b) => a.lo - b.lo || a.index - b.index);
  const gaps: Gap[] = [];
  let before: number | undefined;
  if (axis === 'employees') {
    // `next` is the smallest head count not covered yet.
    let next = AXIS_START.employees;
    for (const i of order) {
      if (i.lo > next) gaps.push({ lo: next, hi: i.lo - 1, before, after: i.index });
      if (i.hi + 1 > next) {
        next = i.hi + 1;
        before = i.index;
      }
      if (next === Infinity) return gaps;
    }
    if (before !== undefined || gaps.length > 0) gaps.push({ lo: next, hi: Infinity, before, after: undefined });
    return gaps;
  }
  // Covered: [start, reach] once some interval has been seen; nothing before that.
  let reach = AXIS_START.arr;
  let covered = false;
  for (const i of order) {
    if (i.lo > reach) gaps.push({ lo: reach, hi: i.lo, before, after: i.index });
    if (i.hi > reach || (i.hi === reach && !covered)) {
      reach = i.hi;
      covered = true;
      before = i.index;
    }
    if (reach === Infinity) return gaps;
  }
  if (covered) gaps.push({ lo: reach, hi: Infinity, before, after: undefined });
  return gaps;
}

/** A process's `appliesTo`, with what the rules need to name it. */
export interface SegmentEntry {
  readonly name: string;
  readonly file: string;
  readonly appliesTo: AppliesTo;
}

const ANY = 'any';

function isAny(ids: readonly string[]): boolean {
  return ids.includes(ANY);
}

/** Ids two lists share: 'any' meets everything (the other list's ids, or ['any'] when both are any). */
function shared(a: readonly string[], b: readonly string[]): string[] {
  if (isAny(a)) return [...b];
  if (isAny(b)) return [...a];
  return a.filter((id) => b.includes(id));
}

/** Two processes a prospect could be routed to with equal right. */
export interface Overlap {
  /** Index of the earlier entry. */
  readonly first: number;
  /** Index of the later entry (the one reported). */
  readonly second: number;
  /** ['any'], or the explicit industries both list. */
  readonly industries: readonly string[];
  /** ['any'], or the regions both match. */
  readonly regions: readonly string[];
  /** ['any'], or the lead sources both match. */
  readonly sources: readonly string[];
}

/**
 * How two id lists compare in specificity: 1 when only the first is explicit (it overrides the other's `[any]`),
 * -1 when only the second is, 0 when both are `[any]` or both explicit.
 */
function specificity(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  const anyA = isAny(a);
  const anyB = isAny(b);
  return anyA === anyB ? 0 : anyA ? -1 : 1;
}

/**
 * Pairs of processes whose `appliesTo` boxes intersect — in every criterion — with neither more specific than the
 * other. Industries and lead sources work like CSS specificity: a process for explicit industries (sources)
 * overrides an `[any]` process for those industries (sources), and routing prefers it. One process overrides
 * another when it is at least as specific in both and more specific in one; otherwise (equally specific, or each
 * more specific in a different criterion) they overlap when their industries, regions and sources meet ('any'
 * meets every id) and their employee and ARR ranges intersect.
 */
export function findOverlaps(entries: readonly SegmentEntry[]): Overlap[] {
  const overlaps: Overlap[] = [];
  entries.forEach((b, second) => {
    for (let first = 0; first < second; first++) {
      const a = entries[first]!;
      const byIndustry = specificity(a.appliesTo.industries, b.appliesTo.industries);
      const bySource = specificity(a.appliesTo.sources, b.appliesTo.sources);
      // One dominates the other: the more specific one takes the shared prospects.
      if (byIndustry * bySource >= 0 && byIndustry + bySource !== 0) continue;
      const industries = shared(a.appliesTo.industries, b.appliesTo.industries);
      if (industries.length === 0) continue;
      const sources = shared(a.appliesTo.sources, b.appliesTo.sources);
      if (sources.length === 0) continue;
      const regions = shared(a.appliesTo.regions, b.appliesTo.regions);
      if (regions.length === 0) continue;
      const meets = (axis: Axis) => intervalsIntersect(intervalOf(axis, a.appliesTo[axis]), intervalOf(axis, b.appliesTo[axis]));
      if (meets('employees') && meets('arr')) overlaps.push({ first, second, industries, regions, sources });
    }
  });
  return overlaps;
}

/** An uncovered stretch of one axis for one or more industry groups, anchored on a process to report it at. */
export interface CoverageGap extends Gap {
  readonly axis: Axis;
  /** ['any'], or the explicit industries whose processes (with the any ones) leave this gap. */
  readonly industries: readonly string[];
  /**
   * ['any'] (leads from a source no process names), or the one explicit lead source whose processes (with the any
   * ones) leave this gap.
   */
  readonly sources: readonly string[];
}

/** True when a range sets at least one bound. */
export function isBounded(range: Range | undefined): boolean {
  return range !== undefined && (range.min !== undefined || range.max !== undefined);
}

/** The explicit ids the processes list on one criterion, in first-seen order. */
function explicitIds(entries: readonly SegmentEntry[], criterion: 'industries' | 'sources'): string[] {
  const ids: string[] = [];
  for (const e of entries) for (const id of e.appliesTo[criterion]) if (id !== ANY && !ids.includes(id)) ids.push(id);
  return ids;
}

/**
 * Gaps per group of processes, projected on each axis. A group is what one kind of prospect can be routed to: an
 * industry (`any` standing for an industry no process names) crossed with a lead source (`any` likewise). Its
 * processes are those for that industry or `[any]` industries, and for that source or `[any]` sources — so a
 * partner-only process never fills a gap of direct leads. Every group is checked on employees over [1, ∞); on
 * ARR over [0, ∞) only when at least two of its processes bound ARR (one ARR bound alone is a filter, not a
 * tiling). A process without a range on an axis covers that whole axis. Regions are not analysed (their ids
 * are open-ended). Runs only when at least two entries are given: one process alone leaves everything else
 * uncovered by design.
 *
 * A group's gaps lie inside those of each more general group (one with `any` in place of its industry or source:
 * it has fewer processes), so a gap that lies inside one already found for a more general group is not repeated;
 * in practice industry gaps show when no process is `[any]`. The same stretch anchored on the same process for the
 * same source is reported once, naming all its industries. Gaps with no process to anchor them (a group whose
 * ranges are all empty) are dropped.
 */
export function findCoverageGaps(entries: readonly SegmentEntry[]): CoverageGap[] {
  if (entries.length < 2) return [];
  const matches = (ids: readonly string[], id: string) => isAny(ids) || (id !== ANY && ids.includes(id));
  const found: (Gap & { axis: Axis; industries: string[]; sources: string[] })[] = [];
  const groupGaps: (Gap & { axis: Axis; industry: string; source: string })[] = [];
  const check = (industry: string, source: string) => {
    const group = entries.flatMap((e, i) => (matches(e.appliesTo.industries, industry) && matches(e.appliesTo.sources, source) ? [i] : []));
    if (group.length === 0) return;
    for (const axis of ['employees', 'arr'] as const) {
      if (axis === 'arr' && group.filter((i) => isBounded(entries[i]!.appliesTo.arr)).length < 2) continue;
      const gaps = findGaps(axis, group.map((i) => intervalOf(axis, entries[i]!.appliesTo[axis])));
      for (const gap of gaps) {
        // findGaps indexes into `group`; map back to entry indices.
        const mapped = {
          axis,
          lo: gap.lo,
          hi: gap.hi,
          before: gap.before === undefined ? undefined : group[gap.before],
          after: gap.after === undefined ? undefined : group[gap.after],
        };
        if (mapped.before === undefined && mapped.after === undefined) continue;
        const general = (g: { industry: string; source: string }) =>
          (g.industry === industry || g.industry === ANY) && (g.source === source || g.source === ANY) && !(g.industry === industry && g.source === source);
        const repeated = groupGaps.some((g) => general(g) && g.axis === axis && g.lo <= mapped.lo && mapped.hi <= g.hi);
        groupGaps.push({ ...mapped, industry, source });
        if (repeated) continue;
        const same = found.find(
          (g) =>
            g.axis === axis && g.lo === mapped.lo && g.hi === mapped.hi && g.before === mapped.before && g.after === mapped.after && g.sources[0] === source,
        );
        if (same) same.industries.push(industry);
        else found.push({ ...mapped, industries: [industry], sources: [source] });
      }
    }
  };
  // Most general first, so that a more specific group can tell its gap was already found.
  const industries = [ANY, ...explicitIds(entries, 'industries')];
  const sources = [ANY, ...explicitIds(entries, 'sources')];
  for (const source of sources) check(ANY, source);
  for (const industry of industries.slice(1)) for (const source of sources) check(industry, source);
  return found;
}

/** A range as people say it: "50–999", "1000+", "up to 49", "any". */
export function describeRange(range: Range | undefined): string {
  const min = range?.min;
  const max = range?.max;
  if (min !== undefined && max !== undefined) return min === max ? `${min}` : `${min}–${max}`;
  if (min !== undefined) return `${min}+`;
  if (max !== undefined) return `up to ${max}`;
  return 'any';
}

/** A gap as people say it, e.g. "employees 50–99", "employees 1000+", "arr above 99999 and below 100000". */
export function describeGap(gap: Pick<CoverageGap, 'axis' | 'lo' | 'hi' | 'before'>): string {
  if (gap.axis === 'employees') {
    if (gap.hi === Infinity) return `employees ${gap.lo}+`;
    return gap.lo === gap.hi ? `employees ${gap.lo}` : `employees ${gap.lo}–${gap.hi}`;
  }
  if (gap.before === undefined) return `arr below ${gap.hi}`;
  if (gap.hi === Infinity) return `arr above ${gap.lo}`;
  return `arr above ${gap.lo} and below ${gap.hi}`;
}

/**
 * How a gap's lead sources read: nothing when no process names a source; "sources other than partner" for leads from
 * sources no process names; "source partner".
 */
export function describeGapSources(sources: readonly string[], named: readonly string[]): string {
  if (named.length === 0) return '';
  if (isAny(sources)) return `sources other than ${named.join(', ')}`;
  return `${sources.length === 1 ? 'source' : 'sources'} ${sources.join(', ')}`;
}

/** The explicit lead sources the processes name, in first-seen order (empty when every process is for `[any]`). */
export function namedSources(entries: readonly SegmentEntry[]): string[] {
  return explicitIds(entries, 'sources');
}

/** "industry any", "industry healthcare", "industries healthcare, fintech". */
export function describeIndustries(ids: readonly string[]): string {
  return `${ids.length === 1 ? 'industry' : 'industries'} ${ids.join(', ')}`;
}

// The interval reasoning behind segment-overlap and segment-gap: integer employees, real ARR, industry groups.
import { describe, expect, it } from 'vitest';
import type { AppliesTo } from '../../src/model/types.js';
import {
  describeGap,
  describeRange,
  findCoverageGaps,
  findGaps,
  findOverlaps,
  intervalOf,
  intervalsIntersect,
  type SegmentEntry,
} from '../../src/analysis/segment-intervals.js';

function entry(name: string, scope: Partial<AppliesTo>): SegmentEntry {
  return { name, file: `${name}.yaml`, appliesTo: { employees: undefined, arr: undefined, industries: ['any'], regions: ['any'], sources: ['any'], ...scope } };
}

describe('intervalOf', () => {
  it('reads employee bounds as the integers inside them', () => {
    expect(intervalOf('employees', { min: 49.5, max: 100.9 })).toEqual({ lo: 50, hi: 100 });
    expect(intervalOf('employees', undefined)).toEqual({ lo: -Infinity, hi: Infinity });
  });
  it('keeps arr bounds as real numbers', () => {
    expect(intervalOf('arr', { min: 0.5, max: undefined })).toEqual({ lo: 0.5, hi: Infinity });
  });
});

describe('intervalsIntersect', () => {
  it('treats inclusive bounds as closed', () => {
    expect(intervalsIntersect({ lo: 0, hi: 100000 }, { lo: 100000, hi: Infinity })).toBe(true);
    expect(intervalsIntersect({ lo: 0, hi: 99999 }, { lo: 100000, hi: Infinity })).toBe(false);
  });
  it('never intersects an empty interval', () => {
    expect(intervalsIntersect({ lo: 10, hi: 5 }, { lo: -Infinity, hi: Infinity })).toBe(false);
  });
});

describe('findGaps on employees (integers over [1, ∞))', () => {
  it('finds no gap between a max of 49 and a min of 50', () => {
    expect(findGaps('employees', [intervalOf('employees', { min: undefined, max: 49 }), intervalOf('employees', { min: 50, max: undefined })])).toEqual([]);
  });
  it('finds the integers between two ranges, at the start and after the last', () => {
    const gaps = findGaps('employees', [
      { lo: 100, hi: 999 },
      { lo: 10, hi: 49 },
    ]);
    expect(gaps).toEqual([
      { lo: 1, hi: 9, before: undefined, after: 1 },
      { lo: 50, hi: 99, before: 1, after: 0 },
      { lo: 1000, hi: Infinity, before: 0, after: undefined },
    ]);
  });
  it('merges overlapping ranges and names the range that reaches furthest', () => {
    const gaps = findGaps('employees', [
      { lo: 1, hi: 60 },
      { lo: 1, hi: 49 },
      { lo: 70, hi: Infinity },
    ]);
    expect(gaps).toEqual([{ lo: 61, hi: 69, before: 0, after: 2 }]);
  });
  it('finds a one-integer gap', () => {
    expect(findGaps('employees', [{ lo: 1, hi: 49 }, { lo: 51, hi: Infinity }])).toEqual([{ lo: 50, hi: 50, before: 0, after: 1 }]);
  });
  it('ignores empty ranges', () => {
    expect(findGaps('employees', [{ lo: 1, hi: Infinity }, { lo: 9, hi: 3 }])).toEqual([]);
  });
});

describe('findGaps on arr (reals over [0, ∞))', () => {
  it('finds no gap when a max and a min share a value', () => {
    expect(findGaps('arr', [{ lo: -Infinity, hi: 100000 }, { lo: 100000, hi: Infinity }])).toEqual([]);
  });
  it('finds the open interval between a max of 99999 and a min of 100000', () => {
    expect(findGaps('arr', [{ lo: -Infinity, hi: 99999 }, { lo: 100000, hi: Infinity }])).toEqual([{ lo: 99999, hi: 100000, before: 0, after: 1 }]);
  });
  it('finds [0, min) at the start and (max, ∞) at the end', () => {
    expect(findGaps('arr', [{ lo: 10000, hi: 50000 }])).toEqual([
      { lo: 0, hi: 10000, before: undefined, after: 0 },
      { lo: 50000, hi: Infinity, before: 0, after: undefined },
    ]);
  });
  it('covers 0 with a range that starts at 0', () => {
    expect(findGaps('arr', [{ lo: 0, hi: 0 }, { lo: 0, hi: Infinity }])).toEqual([]);
  });
});

describe('findOverlaps', () => {
  it('reports two any-industry processes whose employee ranges meet, once, on the later', () => {
    const overlaps = findOverlaps([entry('smb', { employees: { min: 1, max: 60 } }), entry('mid', { employees: { min: 50, max: 999 } })]);
    expect(overlaps).toEqual([{ first: 0, second: 1, industries: ['any'], regions: ['any'], sources: ['any'] }]);
  });
  it('does not report adjacent employee ranges or touching-but-disjoint arr ranges', () => {
    expect(findOverlaps([entry('a', { employees: { min: undefined, max: 49 } }), entry('b', { employees: { min: 50, max: undefined } })])).toEqual([]);
    expect(findOverlaps([entry('a', { arr: { min: undefined, max: 99999 } }), entry('b', { arr: { min: 100000, max: undefined } })])).toEqual([]);
  });
  it('reports arr ranges that share their bound', () => {
    expect(findOverlaps([entry('a', { arr: { min: undefined, max: 100000 } }), entry('b', { arr: { min: 100000, max: undefined } })])).toHaveLength(1);
  });
  it('needs both axes to meet', () => {
    const a = entry('a', { employees: { min: 1, max: 100 }, arr: { min: 0, max: 5000 } });
    const b = entry('b', { employees: { min: 50, max: 200 }, arr: { min: 6000, max: undefined } });
    expect(findOverlaps([a, b])).toEqual([]);
  });
  it('treats an explicit industry as an override of an any process, not an overlap', () => {
    expect(findOverlaps([entry('generic', {}), entry('health', { industries: ['healthcare'] })])).toEqual([]);
  });
  it('reports explicit lists that share an industry, naming the shared ones', () => {
    const overlaps = findOverlaps([
      entry('a', { industries: ['healthcare', 'fintech'], sources: ['any'] }),
      entry('b', { industries: ['fintech', 'retail', 'healthcare'] }),
      entry('c', { industries: ['retail'] }),
    ]);
    expect(overlaps).toEqual([
      { first: 0, second: 1, industries: ['healthcare', 'fintech'], regions: ['any'], sources: ['any'] },
      { first: 1, second: 2, industries: ['retail'], regions: ['any'], sources: ['any'] },
    ]);
  });
  it('lets any region meet every region, and disjoint regions separate processes', () => {
    expect(findOverlaps([entry('a', { regions: ['emea'], sources: ['any'] }), entry('b', {})])).toEqual([{ first: 0, second: 1, industries: ['any'], regions: ['emea'], sources: ['any'] }]);
    expect(findOverlaps([entry('a', { regions: ['emea'], sources: ['any'] }), entry('b', { regions: ['na'] })])).toEqual([]);
  });
});

describe('findOverlaps with lead sources', () => {
  const direct = entry('mid-market', { employees: { min: 50, max: 999 } });
  const partner = entry('partner-mid-market', { employees: { min: 100, max: 999 }, sources: ['partner'] });
  it('treats a partner-sourced process as an override of an any-source one, not an overlap', () => {
    expect(findOverlaps([direct, partner])).toEqual([]);
  });
  it('separates processes whose explicit sources differ, even for the same segment', () => {
    const inbound = entry('direct', { employees: { min: 50, max: 999 }, sources: ['inbound', 'outbound'] });
    expect(findOverlaps([inbound, partner])).toEqual([]);
  });
  it('reports explicit source lists that share a source, naming it', () => {
    const both = entry('both', { employees: { min: 500, max: undefined }, sources: ['outbound', 'partner'] });
    expect(findOverlaps([partner, both])).toEqual([{ first: 0, second: 1, industries: ['any'], regions: ['any'], sources: ['partner'] }]);
  });
  it('reports a process more specific by industry and another more specific by source: neither overrides', () => {
    const health = entry('health', { industries: ['healthcare'] });
    expect(findOverlaps([health, partner])).toEqual([{ first: 0, second: 1, industries: ['healthcare'], regions: ['any'], sources: ['partner'] }]);
  });
  it('lets a process specific in both criteria override one specific in one', () => {
    const health = entry('health', { industries: ['healthcare'] });
    const healthPartner = entry('health-partner', { industries: ['healthcare'], sources: ['partner'] });
    expect(findOverlaps([health, healthPartner])).toEqual([]);
  });
});

describe('findCoverageGaps', () => {
  const smb = entry('smb', { employees: { min: undefined, max: 49 } });
  const mid = entry('mid', { employees: { min: 100, max: 999 } });
  const ent = entry('ent', { employees: { min: 1000, max: undefined } });

  it('needs at least two processes', () => {
    expect(findCoverageGaps([mid])).toEqual([]);
  });
  it('finds the gap of the any processes', () => {
    expect(findCoverageGaps([smb, mid, ent])).toEqual([{ axis: 'employees', lo: 50, hi: 99, before: 0, after: 1, industries: ['any'], sources: ['any'] }]);
  });
  it('does not repeat an any gap for an industry, even when the industry narrows it', () => {
    const health = entry('health-mid', { employees: { min: 50, max: 80 }, industries: ['healthcare'] });
    expect(findCoverageGaps([smb, mid, ent, health])).toEqual([{ axis: 'employees', lo: 50, hi: 99, before: 0, after: 1, industries: ['any'], sources: ['any'] }]);
  });
  it('lets an industry process fill its own part of the any gap silently', () => {
    const health = entry('health-mid', { employees: { min: 50, max: 99 }, industries: ['healthcare'] });
    expect(findCoverageGaps([smb, mid, ent, health]).map((g) => g.industries)).toEqual([['any']]);
  });
  it('checks each industry alone when no process is for any industry, merging identical findings', () => {
    const a = entry('small', { employees: { min: 1, max: 49 }, industries: ['healthcare', 'fintech'], sources: ['any'] });
    const b = entry('large', { employees: { min: 100, max: undefined }, industries: ['healthcare', 'fintech'], sources: ['any'] });
    expect(findCoverageGaps([a, b])).toEqual([{ axis: 'employees', lo: 50, hi: 99, before: 0, after: 1, industries: ['healthcare', 'fintech'], sources: ['any'] }]);
  });
  it('treats a process without an employee range as covering every head count', () => {
    expect(findCoverageGaps([entry('all', {}), mid])).toEqual([]);
  });
  it('never lets a partner-only process fill a gap for other sources', () => {
    const partnerMid = entry('partner-mid', { employees: { min: 50, max: 99 }, sources: ['partner'] });
    expect(findCoverageGaps([smb, mid, ent, partnerMid])).toEqual([{ axis: 'employees', lo: 50, hi: 99, before: 0, after: 1, industries: ['any'], sources: ['any'] }]);
  });
  it('finds the gap a source leaves when every process names its sources', () => {
    const direct = (name: string, employees: { min?: number; max?: number }) =>
      entry(name, { employees: { min: employees.min, max: employees.max }, sources: ['inbound', 'outbound'] });
    const partnerLow = entry('partner-low', { employees: { min: undefined, max: 49 }, sources: ['partner'] });
    const partnerHigh = entry('partner-high', { employees: { min: 200, max: undefined }, sources: ['partner'] });
    expect(findCoverageGaps([direct('low', { max: 99 }), direct('high', { min: 100 }), partnerLow, partnerHigh])).toEqual([
      { axis: 'employees', lo: 50, hi: 199, before: 2, after: 3, industries: ['any'], sources: ['partner'] },
    ]);
  });
  it('checks arr only when two processes of the group bound it', () => {
    const low = entry('low', { arr: { min: undefined, max: 99999 } });
    const high = entry('high', { arr: { min: 100000, max: undefined } });
    expect(findCoverageGaps([low, entry('other', {})])).toEqual([]);
    expect(findCoverageGaps([low, high])).toEqual([{ axis: 'arr', lo: 99999, hi: 100000, before: 0, after: 1, industries: ['any'], sources: ['any'] }]);
  });
});

describe('describing ranges and gaps', () => {
  it('says ranges as people do', () => {
    expect(describeRange({ min: 50, max: 999 })).toBe('50–999');
    expect(describeRange({ min: 1000, max: undefined })).toBe('1000+');
    expect(describeRange({ min: undefined, max: 49 })).toBe('up to 49');
    expect(describeRange(undefined)).toBe('any');
  });
  it('says gaps with their open ends', () => {
    expect(describeGap({ axis: 'employees', lo: 50, hi: 99, before: 0 })).toBe('employees 50–99');
    expect(describeGap({ axis: 'employees', lo: 1000, hi: Infinity, before: 0 })).toBe('employees 1000+');
    expect(describeGap({ axis: 'arr', lo: 99999, hi: 100000, before: 0 })).toBe('arr above 99999 and below 100000');
    expect(describeGap({ axis: 'arr', lo: 0, hi: 10000, before: undefined })).toBe('arr below 10000');
    expect(describeGap({ axis: 'arr', lo: 500000, hi: Infinity, before: 1 })).toBe('arr above 500000');
  });
});

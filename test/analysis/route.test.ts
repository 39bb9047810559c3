// Routing by appliesTo: tables over the bundled processes and over fixtures with overlaps and gaps, and agreement with segment-overlap.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { route, type Prospect, type RouteEntry } from '../../src/analysis/route.js';
import { findOverlaps } from '../../src/analysis/segment-intervals.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { AppliesTo } from '../../src/model/types.js';

const ROOT = join(import.meta.dirname, '../..');

function fromFile(file: string): RouteEntry {
  const { process } = loadProcess(file, readFileSync(join(ROOT, file)));
  return { name: process!.name, file, appliesTo: process!.appliesTo };
}

const BUNDLED = ['processes/smb.yaml', 'processes/mid-market.yaml', 'processes/enterprise.yaml'].map(fromFile);
const WITH_HEALTHCARE = [...BUNDLED, fromFile('examples/enterprise-healthcare.yaml')];
const WITH_PARTNER = [...BUNDLED, fromFile('examples/partner-mid-market.yaml')];

function entry(name: string, scope: Partial<AppliesTo> | undefined): RouteEntry {
  return {
    name,
    file: `${name}.yaml`,
    appliesTo: scope && { employees: undefined, arr: undefined, industries: ['any'], regions: ['any'], sources: ['any'], ...scope },
  };
}

/** What a table row expects: the outcome and the names of the matches. */
function expectRoute(prospect: Prospect, entries: readonly RouteEntry[], outcome: 'one' | 'none' | 'several', matches: readonly string[]) {
  const result = route(prospect, entries);
  expect(result.outcome).toBe(outcome);
  expect(result.matches.map((m) => m.name)).toEqual(matches);
  return result;
}

describe('route over the bundled processes', () => {
  it.each<[Prospect, string]>([
    [{ employees: 1 }, 'smb'],
    [{ employees: 10 }, 'smb'],
    [{ employees: 49 }, 'smb'],
    [{ employees: 50 }, 'mid-market'],
    [{ employees: 999 }, 'mid-market'],
    [{ employees: 1000 }, 'enterprise'],
    [{ employees: 5000 }, 'enterprise'],
    [{ employees: 5000, industry: 'healthcare' }, 'enterprise'],
    [{ employees: 10, region: 'emea', arr: 1_000_000 }, 'smb'],
  ])('%j → %s', (prospect, name) => {
    expectRoute(prospect, BUNDLED, 'one', [name]);
  });

  it('explains the match with the criteria the process constrains', () => {
    const [chosen] = expectRoute({ employees: 50, industry: 'retail' }, BUNDLED, 'one', ['mid-market']).matches;
    expect(chosen!.checks).toEqual([
      { criterion: 'employees', verdict: 'match', accepts: '50–999', reason: 'employees 50 in 50–999' },
      { criterion: 'arr', verdict: 'match', accepts: 'any', reason: 'arr any' },
      { criterion: 'industry', verdict: 'match', accepts: 'any', reason: 'industry retail: any accepted' },
      { criterion: 'region', verdict: 'match', accepts: 'any', reason: 'region any' },
      { criterion: 'source', verdict: 'match', accepts: 'any', reason: 'source any' },
    ]);
  });

  it('says why the others do not apply', () => {
    const { processes } = route({ employees: 50 }, BUNDLED);
    expect(processes.map((p) => [p.name, p.status, p.checks.find((c) => c.verdict === 'miss')?.reason])).toEqual([
      ['smb', 'excluded', 'employees 50 not in up to 49'],
      ['mid-market', 'match', undefined],
      ['enterprise', 'excluded', 'employees 50 not in 1000+'],
    ]);
  });

  it('lists every process that may apply when the head count is not given, and names it as missing', () => {
    const result = expectRoute({}, BUNDLED, 'several', ['smb', 'mid-market', 'enterprise']);
    expect(result.missing).toEqual(['employees']);
    expect(result.matches[0]!.checks[0]).toEqual({
      criterion: 'employees',
      verdict: 'unknown',
      accepts: 'up to 49',
      reason: 'employees not given; this process is for up to 49',
    });
  });
});

describe('route with an industry-specific process in the same directory', () => {
  it.each<[Prospect, 'one' | 'several', string[]]>([
    [{ employees: 5000, industry: 'healthcare' }, 'one', ['enterprise-healthcare']],
    [{ employees: 1000, industry: 'healthcare' }, 'one', ['enterprise-healthcare']],
    [{ employees: 5000 }, 'one', ['enterprise']],
    [{ employees: 5000, industry: 'retail' }, 'one', ['enterprise']],
    [{ employees: 10, industry: 'healthcare' }, 'one', ['smb']],
    [{ employees: 999, industry: 'healthcare' }, 'one', ['mid-market']],
    // Without a head count the specific process may not cover the prospect, so it overrides nothing.
    [{ industry: 'healthcare' }, 'several', ['smb', 'mid-market', 'enterprise', 'enterprise-healthcare']],
  ])('%j → %s %j', (prospect, outcome, names) => {
    expectRoute(prospect, WITH_HEALTHCARE, outcome, names);
  });

  it('reports the override on both sides', () => {
    const { processes } = route({ employees: 5000, industry: 'healthcare' }, WITH_HEALTHCARE);
    const byName = new Map(processes.map((p) => [p.name, p]));
    expect(byName.get('enterprise')).toMatchObject({ status: 'overridden', specific: false, overrides: ['enterprise-healthcare'] });
    expect(byName.get('enterprise-healthcare')).toMatchObject({ status: 'match', specific: true, overrides: ['enterprise'] });
    expect(byName.get('enterprise-healthcare')!.checks[2]!.reason).toBe('industry healthcare is listed (healthcare)');
  });

  it('never picks a process for named industries when no industry is given', () => {
    const { processes } = route({ employees: 5000 }, WITH_HEALTHCARE);
    expect(processes.at(-1)).toMatchObject({ status: 'excluded', specific: false });
    expect(processes.at(-1)!.checks[2]!.reason).toBe('no industry given; this process is only for industries healthcare');
  });
});

describe('route with a partner-sourced process in the same directory', () => {
  it.each<[Prospect, 'one' | 'several', string[]]>([
    [{ employees: 300, source: 'partner' }, 'one', ['partner-mid-market']],
    [{ employees: 50, source: 'partner' }, 'one', ['partner-mid-market']],
    [{ employees: 300, source: 'inbound' }, 'one', ['mid-market']],
    [{ employees: 10, source: 'partner' }, 'one', ['smb']],
    [{ employees: 5000, source: 'partner' }, 'one', ['enterprise']],
    // Without a source the partner process may or may not apply: both, and source is what would decide.
    [{ employees: 300 }, 'several', ['mid-market', 'partner-mid-market']],
    [{ employees: 10 }, 'one', ['smb']],
  ])('%j → %s %j', (prospect, outcome, names) => {
    expectRoute(prospect, WITH_PARTNER, outcome, names);
  });

  it('reports the override on both sides, as specific to the source', () => {
    const { processes } = route({ employees: 300, source: 'partner' }, WITH_PARTNER);
    const byName = new Map(processes.map((p) => [p.name, p]));
    expect(byName.get('mid-market')).toMatchObject({ status: 'overridden', specificSource: false, overrides: ['partner-mid-market'] });
    expect(byName.get('partner-mid-market')).toMatchObject({ status: 'match', specific: false, specificSource: true, overrides: ['mid-market'] });
    expect(byName.get('partner-mid-market')!.checks[4]).toEqual({
      criterion: 'source',
      verdict: 'match',
      accepts: 'partner',
      reason: 'source partner is listed (partner)',
    });
  });

  it('keeps a process for named sources as a caveat when no source is given, and names source as missing', () => {
    const result = route({ employees: 300 }, WITH_PARTNER);
    expect(result.missing).toEqual(['source']);
    expect(result.matches[1]!.checks[4]).toEqual({
      criterion: 'source',
      verdict: 'unknown',
      accepts: 'partner',
      reason: 'source not given; this process is only for sources partner',
    });
    const only = expectRoute({ employees: 300 }, [fromFile('examples/partner-mid-market.yaml')], 'one', ['partner-mid-market']);
    expect(only.missing).toEqual(['source']);
  });

  it('excludes a process whose named sources leave the given one out', () => {
    const { processes } = route({ employees: 300, source: 'outbound' }, WITH_PARTNER);
    expect(processes.at(-1)).toMatchObject({ status: 'excluded' });
    expect(processes.at(-1)!.checks[4]!.reason).toBe('source outbound is not listed (partner)');
  });

  it('lets a process specific on both industry and source override those specific on one, but not one on the other', () => {
    const entries = [
      entry('health', { industries: ['healthcare'] }),
      entry('partner', { sources: ['partner'] }),
      entry('health-partner', { industries: ['healthcare'], sources: ['partner'] }),
    ];
    const both = expectRoute({ industry: 'healthcare', source: 'partner' }, entries, 'one', ['health-partner']);
    expect(both.processes[2]!.overrides).toEqual(['health', 'partner']);
    expectRoute({ industry: 'healthcare', source: 'partner' }, entries.slice(0, 2), 'several', ['health', 'partner']);
  });
});

describe('route over fixtures with overlaps and gaps', () => {
  const overlapping = [entry('smb', { employees: { min: undefined, max: 60 } }), entry('mid', { employees: { min: 50, max: 999 } })];
  const gapped = [entry('smb', { employees: { min: undefined, max: 49 } }), entry('mid', { employees: { min: 100, max: undefined } })];

  it.each<[string, RouteEntry[], Prospect, 'one' | 'none' | 'several', string[]]>([
    ['overlap: inside both', overlapping, { employees: 55 }, 'several', ['smb', 'mid']],
    ['overlap: at the shared bound', overlapping, { employees: 60 }, 'several', ['smb', 'mid']],
    ['overlap: below it', overlapping, { employees: 49 }, 'one', ['smb']],
    ['overlap: above it', overlapping, { employees: 61 }, 'one', ['mid']],
    ['gap: inside it', gapped, { employees: 70 }, 'none', []],
    ['gap: its edges', gapped, { employees: 50 }, 'none', []],
    ['gap: the bound below', gapped, { employees: 49 }, 'one', ['smb']],
    ['gap: the bound above', gapped, { employees: 100 }, 'one', ['mid']],
  ])('%s', (_, entries, prospect, outcome, names) => {
    const result = expectRoute(prospect, entries, outcome, names);
    expect(result.missing).toEqual([]);
  });

  it('reads employee bounds as whole people and arr bounds as real amounts', () => {
    const people = [entry('a', { employees: { min: undefined, max: 49.5 } }), entry('b', { employees: { min: 49.5, max: undefined } })];
    expectRoute({ employees: 49 }, people, 'one', ['a']);
    expectRoute({ employees: 50 }, people, 'one', ['b']);
    const money = [entry('a', { arr: { min: undefined, max: 99999 } }), entry('b', { arr: { min: 100000, max: undefined } })];
    expectRoute({ arr: 99999 }, money, 'one', ['a']);
    expectRoute({ arr: 99999.5 }, money, 'none', []);
    expectRoute({ arr: 100000 }, money, 'one', ['b']);
    const touching = [entry('a', { arr: { min: undefined, max: 100000 } }), entry('b', { arr: { min: 100000, max: undefined } })];
    expectRoute({ arr: 100000 }, touching, 'several', ['a', 'b']);
  });

  it('matches regions like industries, but a region-specific process does not override an any one', () => {
    const regional = [entry('emea', { regions: ['emea'] }), entry('global', {})];
    expectRoute({ region: 'emea' }, regional, 'several', ['emea', 'global']);
    expectRoute({ region: 'apac' }, regional, 'one', ['global']);
    const result = expectRoute({}, regional, 'one', ['global']);
    expect(result.processes[0]!.checks[3]!.reason).toBe('no region given; this process is only for regions emea');
  });

  it('finds two processes for the same industry ambiguous, and a shared one only where they share it', () => {
    const specific = [entry('health-fin', { industries: ['healthcare', 'fintech'] }), entry('health', { industries: ['healthcare'] }), entry('any', {})];
    expectRoute({ industry: 'healthcare' }, specific, 'several', ['health-fin', 'health']);
    const fintech = expectRoute({ industry: 'fintech' }, specific, 'one', ['health-fin']);
    expect(fintech.processes[2]).toMatchObject({ status: 'overridden', overrides: ['health-fin'] });
    expectRoute({ industry: 'retail' }, specific, 'one', ['any']);
  });

  it('lets a specific process override only when none of its bounds is unknown', () => {
    const entries = [entry('any', {}), entry('big-health', { industries: ['healthcare'], arr: { min: 50000, max: undefined } })];
    expect(expectRoute({ industry: 'healthcare' }, entries, 'several', ['any', 'big-health']).missing).toEqual(['arr']);
    expectRoute({ industry: 'healthcare', arr: 60000 }, entries, 'one', ['big-health']);
    expectRoute({ industry: 'healthcare', arr: 100 }, entries, 'one', ['any']);
  });

  it('never routes to a process without appliesTo, and says so', () => {
    const result = expectRoute({ employees: 10 }, [entry('scoped', { employees: { min: 1, max: 5 } }), entry('loose', undefined)], 'none', []);
    expect(result.processes[1]).toEqual({ name: 'loose', file: 'loose.yaml', status: 'unscoped', specific: false, specificSource: false, checks: [], overrides: [] });
  });

  it('keeps an unknown criterion on the only match as a caveat, not a reason to refuse it', () => {
    const result = expectRoute({ industry: 'retail' }, [entry('small', { employees: { min: undefined, max: 49 } }), entry('fin', { industries: ['fintech'] })], 'one', ['small']);
    expect(result.missing).toEqual(['employees']);
  });
});

describe('route agrees with segment-overlap', () => {
  const range = fc
    .tuple(fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }))
    .map(([a, b]) => (a === undefined && b === undefined ? undefined : { min: a, max: b }));
  const ids = (pool: readonly string[]) => fc.oneof(fc.constant(['any']), fc.subarray([...pool], { minLength: 1 }));
  const scope: fc.Arbitrary<AppliesTo> = fc.record({
    employees: range,
    arr: range,
    industries: ids(['health', 'fin']),
    regions: ids(['emea', 'apac']),
    sources: ids(['partner', 'inbound']),
  });
  const prospect: fc.Arbitrary<Prospect> = fc.record({
    employees: fc.integer({ min: 1, max: 14 }),
    arr: fc.oneof(fc.integer({ min: 0, max: 14 }), fc.double({ min: 0, max: 14, noNaN: true })),
    industry: fc.constantFrom('health', 'fin', 'retail'),
    region: fc.constantFrom('emea', 'apac', 'latam'),
    source: fc.constantFrom('partner', 'inbound', 'event'),
  });

  it('routes a fully described prospect to at most one process when lint finds no overlap', () => {
    fc.assert(
      fc.property(fc.array(scope, { minLength: 1, maxLength: 5 }), prospect, (scopes, who) => {
        const entries = scopes.map((appliesTo, i) => ({ name: `p${i}`, file: `p${i}.yaml`, appliesTo }));
        const result = route(who, entries);
        if (findOverlaps(entries).length === 0) expect(result.matches.length).toBeLessThanOrEqual(1);
        // And every ambiguity is one that lint reports.
        if (result.outcome === 'several') expect(findOverlaps(entries).length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

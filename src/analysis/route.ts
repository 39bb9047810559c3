/** Routing: which process applies to a prospect, by `appliesTo`, with the interval semantics of segment-overlap/-gap. */
import { describeRange, intervalOf, isBounded, type Axis } from './segment-intervals.js';
import type { AppliesTo } from '../model/types.js';

/** What is known about a prospect; every criterion is optional. */
export interface Prospect {
  /** Head count, a whole number. */
  readonly employees?: number | undefined;
  /** Expected annual contract value, a real amount. */
  readonly arr?: number | undefined;
  readonly industry?: string | undefined;
  readonly region?: string | undefined;
}

/** A process as routing sees it. */
export interface RouteEntry {
  readonly name: string;
  readonly file: string;
  readonly appliesTo: AppliesTo | undefined;
}

/** A prospect criterion that `appliesTo` can constrain. */
export type Criterion = 'employees' | 'arr' | 'industry' | 'region';

/** One criterion of one process against the prospect. */
export interface CriterionCheck {
  readonly criterion: Criterion;
  /** `unknown`: the process bounds a number the prospect does not give, so it may or may not apply. */
  readonly verdict: 'match' | 'miss' | 'unknown';
  /** What the process accepts: "up to 49", "50–999", "1000+", "healthcare, fintech" or "any". */
  readonly accepts: string;
  /** One line saying why, e.g. "employees 5000 in 1000+". */
  readonly reason: string;
}

/**
 * - `match`: could apply and is not overridden (a candidate);
 * - `overridden`: matches, but a process specific to the prospect's industry matches too and takes precedence;
 * - `excluded`: some criterion rules it out;
 * - `unscoped`: it has no `appliesTo`, so it is not routed to (segment-overlap and segment-gap ignore it too).
 */
export type RouteStatus = 'match' | 'overridden' | 'excluded' | 'unscoped';

/** One process's verdict for a prospect, with the check of each `appliesTo` criterion. */
export interface ProcessVerdict {
  readonly name: string;
  readonly file: string;
  readonly status: RouteStatus;
  /** It lists the prospect's industry explicitly (rather than `any`). */
  readonly specific: boolean;
  /** employees, arr, industry, region, in that order; empty when unscoped. */
  readonly checks: readonly CriterionCheck[];
  /** For `overridden`: the specific processes that take precedence. For a specific match: the processes it overrides. */
  readonly overrides: readonly string[];
}

/** Which processes apply to a prospect: exactly one, none, or several (and the criteria that would decide). */
export interface RouteResult {
  /** `one` exactly when one process matches. */
  readonly outcome: 'one' | 'none' | 'several';
  /** The processes with status `match`, in input order. */
  readonly matches: readonly ProcessVerdict[];
  /** Every process, in input order. */
  readonly processes: readonly ProcessVerdict[];
  /** Numeric criteria the prospect did not give that some match bounds: giving them can decide between matches. */
  readonly missing: readonly Criterion[];
}

const ANY = 'any';

/**
 * Routes a prospect to the processes whose `appliesTo` covers it. Semantics, shared with the lint rules in
 * src/analysis/segment-intervals.ts so that a repository without segment-overlap findings routes every prospect to at
 * most one process:
 *
 * - **employees** are whole people and **arr** a real amount; both bounds are inclusive (`intervalOf`). A range
 *   the process leaves out matches everyone. A number the prospect does not give is unknown: it rules nothing
 *   out, and a process that bounds it is reported as a match with an `unknown` check (and the criterion is listed
 *   in `missing`).
 * - **industries** and **regions**: `[any]` matches every prospect, including one that gives no industry (region);
 *   an explicit list matches only a prospect that gives one of its ids. An absent id means "none in particular",
 *   so a process for named industries is never picked for it.
 * - **specificity**, like CSS and like segment-overlap: a process that lists the prospect's industry overrides the
 *   `[any]` ones it matches alongside — but only when none of its own numeric checks is unknown, since otherwise
 *   the prospect may lie outside it. Regions have no such precedence (segment-overlap reports a region-specific
 *   and an `[any]` process for the same prospects as an overlap).
 */
export function route(prospect: Prospect, entries: readonly RouteEntry[]): RouteResult {
  const verdicts = entries.map((entry) => judge(prospect, entry));
  const overriding = verdicts.filter((v) => v.status === 'match' && v.specific && v.checks.every((c) => c.verdict !== 'unknown'));
  const processes: ProcessVerdict[] = verdicts.map((v) => {
    if (v.status !== 'match') return v;
    if (!v.specific && overriding.length > 0) return { ...v, status: 'overridden', overrides: overriding.map((o) => o.name) };
    if (overriding.includes(v)) {
      const generic = verdicts.filter((o) => o.status === 'match' && !o.specific).map((o) => o.name);
      return { ...v, overrides: generic };
    }
    return v;
  });
  const matches = processes.filter((v) => v.status === 'match');
  const missing = (['employees', 'arr'] as const).filter((axis) =>
    matches.some((m) => m.checks.some((c) => c.criterion === axis && c.verdict === 'unknown')),
  );
  return { outcome: matches.length === 1 ? 'one' : matches.length === 0 ? 'none' : 'several', matches, processes, missing };
}

function judge(prospect: Prospect, entry: RouteEntry): ProcessVerdict {
  const { name, file, appliesTo } = entry;
  if (appliesTo === undefined) return { name, file, status: 'unscoped', specific: false, checks: [], overrides: [] };
  const checks = [
    numberCheck('employees', prospect.employees, appliesTo),
    numberCheck('arr', prospect.arr, appliesTo),
    idCheck('industry', prospect.industry, appliesTo.industries),
    idCheck('region', prospect.region, appliesTo.regions),
  ];
  const specific = prospect.industry !== undefined && !appliesTo.industries.includes(ANY) && appliesTo.industries.includes(prospect.industry);
  return { name, file, status: checks.some((c) => c.verdict === 'miss') ? 'excluded' : 'match', specific, checks, overrides: [] };
}

function numberCheck(axis: Axis, value: number | undefined, appliesTo: AppliesTo): CriterionCheck {
  const range = appliesTo[axis];
  const accepts = describeRange(range);
  if (!isBounded(range)) return { criterion: axis, verdict: 'match', accepts, reason: value === undefined ? `${axis} any` : `${axis} ${value}: any accepted` };
  if (value === undefined) return { criterion: axis, verdict: 'unknown', accepts, reason: `${axis} not given; this process is for ${accepts}` };
  const { lo, hi } = intervalOf(axis, range);
  const inside = lo <= value && value <= hi;
  return { criterion: axis, verdict: inside ? 'match' : 'miss', accepts, reason: `${axis} ${value} ${inside ? 'in' : 'not in'} ${accepts}` };
}

function idCheck(criterion: 'industry' | 'region', value: string | undefined, ids: readonly string[]): CriterionCheck {
  const plural = criterion === 'industry' ? 'industries' : 'regions';
  if (ids.includes(ANY)) {
    return { criterion, verdict: 'match', accepts: ANY, reason: value === undefined ? `${criterion} any` : `${criterion} ${value}: any accepted` };
  }
  const accepts = ids.join(', ');
  if (value === undefined) return { criterion, verdict: 'miss', accepts, reason: `no ${criterion} given; this process is only for ${plural} ${accepts}` };
  const listed = ids.includes(value);
  return {
    criterion,
    verdict: listed ? 'match' : 'miss',
    accepts,
    reason: `${criterion} ${value} ${listed ? 'is' : 'is not'} listed (${accepts})`,
  };
}

/**
 * The stable JSON of `spx route --json` (documented in the README): the prospect as given, the outcome, the chosen
 * process (when exactly one applies), and every process's verdict with the checks behind it.
 */
export function routeJson(prospect: Prospect, result: RouteResult) {
  const chosen = result.outcome === 'one' ? result.matches[0]! : undefined;
  return {
    prospect: Object.fromEntries(Object.entries(prospect).filter(([, value]) => value !== undefined)),
    result: result.outcome,
    process: chosen ? { name: chosen.name, file: chosen.file } : null,
    matches: result.matches.map((m) => m.name),
    missing: result.missing,
    processes: result.processes.map((v) => ({
      name: v.name,
      file: v.file,
      status: v.status,
      specific: v.specific,
      overrides: v.overrides,
      checks: v.checks,
    })),
  };
}

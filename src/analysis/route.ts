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
  /** Lead source or sales motion, e.g. partner, inbound. */
  readonly source?: string | undefined;
}

/** A process as routing sees it. */
export interface RouteEntry {
  readonly name: string;
  readonly file: string;
  readonly appliesTo: AppliesTo | undefined;
}

/** A prospect criterion that `appliesTo` can constrain. */
export type Criterion = 'employees' | 'arr' | 'industry' | 'region' | 'source';

/** One criterion of one process against the prospect. */
export interface CriterionCheck {
  readonly criterion: Criterion;
  /**
   * `unknown`: the process bounds a number, or lists lead sources, that the prospect does not give, so it may or
   * may not apply.
   */
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
  /** It lists the prospect's lead source explicitly (rather than `any`). */
  readonly specificSource: boolean;
  /** employees, arr, industry, region, source, in that order; empty when unscoped. */
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
  /** Criteria the prospect did not give that some match constrains (employees, arr, source): giving them can decide. */
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
 * - **sources** (lead source or sales motion): like industries, except that a prospect always came from some
 *   source, so one not given is unknown rather than "none": a process for named sources is then a match with an
 *   `unknown` check (and `source` is listed in `missing`), never excluded for it.
 * - **specificity**, like CSS and like segment-overlap: a process that lists the prospect's industry or source
 *   overrides the matches it is more specific than — at least as specific on both, more on one — but only when none
 *   of its own checks is unknown, since otherwise the prospect may lie outside it. Regions have no such precedence
 *   (segment-overlap reports a region-specific and an `[any]` process for the same prospects as an overlap).
 */
export function route(prospect: Prospect, entries: readonly RouteEntry[]): RouteResult {
  const verdicts = entries.map((entry) => judge(prospect, entry));
  const candidates = verdicts.filter((v) => v.status === 'match');
  const overriding = candidates.filter((v) => v.checks.every((c) => c.verdict !== 'unknown'));
  const processes: ProcessVerdict[] = verdicts.map((v) => {
    if (v.status !== 'match') return v;
    const by = overriding.filter((o) => moreSpecific(o, v));
    if (by.length > 0) return { ...v, status: 'overridden', overrides: by.map((o) => o.name) };
    if (overriding.includes(v)) return { ...v, overrides: candidates.filter((o) => moreSpecific(v, o)).map((o) => o.name) };
    return v;
  });
  const matches = processes.filter((v) => v.status === 'match');
  const missing = (['employees', 'arr', 'source'] as const).filter((axis) =>
    matches.some((m) => m.checks.some((c) => c.criterion === axis && c.verdict === 'unknown')),
  );
  return { outcome: matches.length === 1 ? 'one' : matches.length === 0 ? 'none' : 'several', matches, processes, missing };
}

/** `a` is at least as specific as `b` on industry and source, and more specific on one. */
function moreSpecific(a: ProcessVerdict, b: ProcessVerdict): boolean {
  return a.specific >= b.specific && a.specificSource >= b.specificSource && (a.specific > b.specific || a.specificSource > b.specificSource);
}

function judge(prospect: Prospect, entry: RouteEntry): ProcessVerdict {
  const { name, file, appliesTo } = entry;
  if (appliesTo === undefined) return { name, file, status: 'unscoped', specific: false, specificSource: false, checks: [], overrides: [] };
  const checks = [
    numberCheck('employees', prospect.employees, appliesTo),
    numberCheck('arr', prospect.arr, appliesTo),
    idCheck('industry', prospect.industry, appliesTo.industries),
    idCheck('region', prospect.region, appliesTo.regions),
    idCheck('source', prospect.source, appliesTo.sources),
  ];
  const lists = (ids: readonly string[], id: string | undefined) => id !== undefined && !ids.includes(ANY) && ids.includes(id);
  const specific = lists(appliesTo.industries, prospect.industry);
  const specificSource = lists(appliesTo.sources, prospect.source);
  return { name, file, status: checks.some((c) => c.verdict === 'miss') ? 'excluded' : 'match', specific, specificSource, checks, overrides: [] };
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

const PLURAL = { industry: 'industries', region: 'regions', source: 'sources' } as const;

function idCheck(criterion: 'industry' | 'region' | 'source', value: string | undefined, ids: readonly string[]): CriterionCheck {
  const plural = PLURAL[criterion];
  if (ids.includes(ANY)) {
    return { criterion, verdict: 'match', accepts: ANY, reason: value === undefined ? `${criterion} any` : `${criterion} ${value}: any accepted` };
  }
  const accepts = ids.join(', ');
  // Every lead has a source: not giving it leaves the process possible (a caveat); not giving an industry means none.
  if (value === undefined && criterion === 'source') return { criterion, verdict: 'unknown', accepts, reason: `source not given; this process is only for sources ${accepts}` };
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
      specificSource: v.specificSource,
      overrides: v.overrides,
      checks: v.checks,
    })),
  };
}

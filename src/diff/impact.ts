/** The impact of a change on the exact numbers: win rate, E[cycle | won] and the minimal path, before and after. */
import { computeMetrics } from '../analysis/metrics.js';
import { minimalPath, type MinimalPathResult } from '../analysis/minimal-path.js';
import type { Process } from '../model/types.js';

/** The numbers of one version. */
export interface ImpactNumbers {
  readonly winRate: number;
  /** Undefined when no deal can be won. */
  readonly expectedCycleWon: number | undefined;
  /** The minimal step path (by steps), as `spx path` finds it. */
  readonly minimalPath: MinimalPathResult;
}

export interface Impact {
  /** Undefined for a process that is new (before) or deleted (after). */
  readonly before: ImpactNumbers | undefined;
  readonly after: ImpactNumbers | undefined;
  /** after − before; undefined when either side lacks the number. */
  readonly winRateDelta: number | undefined;
  readonly expectedCycleWonDelta: number | undefined;
  /** Difference in the minimal path's step count; undefined unless both sides have a path. */
  readonly minimalPathStepsDelta: number | undefined;
  /** Difference in the minimal path's expected days. */
  readonly minimalPathDaysDelta: number | undefined;
  /** Steps the new minimal path takes and the old one did not (old ids followed through renames), in path order. */
  readonly pathStepsAdded: readonly string[];
  /** Steps the old minimal path took and the new one does not (new ids for renamed steps). */
  readonly pathStepsRemoved: readonly string[];
  /** One line, e.g. "minimal path: +1 step (security-review), expected cycle +12.5 business days". */
  readonly summary: string;
}

/** Below these, a difference prints as 0.0 and reads as unchanged. */
const DAYS_EPSILON = 0.05;
const POINTS_EPSILON = 0.05;

/** Computes both versions' exact numbers and compares them; `renames` maps old step ids to new ones. */
export function processImpact(before: Process | undefined, after: Process | undefined, renames: ReadonlyMap<string, string> = new Map()): Impact {
  const numbers = (process: Process | undefined): ImpactNumbers | undefined => {
    if (!process) return undefined;
    const metrics = computeMetrics(process);
    return { winRate: metrics.winRate, expectedCycleWon: metrics.expectedCycleWon, minimalPath: minimalPath(process, { by: 'steps' }) };
  };
  return compareNumbers(numbers(before), numbers(after), renames);
}

/** The comparison of two sets of numbers (exported for tests). */
export function compareNumbers(before: ImpactNumbers | undefined, after: ImpactNumbers | undefined, renames: ReadonlyMap<string, string> = new Map()): Impact {
  const delta = (pick: (n: ImpactNumbers) => number | undefined) => {
    const b = before && pick(before);
    const a = after && pick(after);
    return a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) ? undefined : a - b;
  };
  const pathBefore = before?.minimalPath.kind === 'path' ? before.minimalPath : undefined;
  const pathAfter = after?.minimalPath.kind === 'path' ? after.minimalPath : undefined;
  const oldIds = new Set(pathBefore?.steps.map((s) => renames.get(s.id) ?? s.id) ?? []);
  const newIds = new Set(pathAfter?.steps.map((s) => s.id) ?? []);
  const pathStepsAdded = pathBefore && pathAfter ? [...newIds].filter((id) => !oldIds.has(id)) : [];
  const pathStepsRemoved = pathBefore && pathAfter ? [...oldIds].filter((id) => !newIds.has(id)) : [];
  const impact = {
    before,
    after,
    winRateDelta: delta((n) => n.winRate),
    expectedCycleWonDelta: delta((n) => n.expectedCycleWon),
    minimalPathStepsDelta: pathBefore && pathAfter ? pathAfter.count - pathBefore.count : undefined,
    minimalPathDaysDelta: pathBefore && pathAfter ? pathAfter.expectedDays - pathBefore.expectedDays : undefined,
    pathStepsAdded,
    pathStepsRemoved,
  };
  return { ...impact, summary: summarize(impact) };
}

function summarize(impact: Omit<Impact, 'summary'>): string {
  const { before, after } = impact;
  if (!before && !after) return 'no process on either side';
  if (!before || !after) {
    const n = (before ?? after)!;
    const numbers = `win rate ${percent(n.winRate)}, expected cycle ${days(n.expectedCycleWon)}, minimal path ${pathSize(n.minimalPath)}`;
    return before ? `process removed; it had ${numbers}` : `new process: ${numbers}`;
  }
  const parts: string[] = [];
  const path = pathPart(impact, before.minimalPath, after.minimalPath);
  if (path) parts.push(path);
  if (impact.expectedCycleWonDelta !== undefined) {
    if (Math.abs(impact.expectedCycleWonDelta) >= DAYS_EPSILON) parts.push(`expected cycle ${signed(impact.expectedCycleWonDelta, 1)} business days`);
  } else if (before.expectedCycleWon !== after.expectedCycleWon) {
    parts.push(`expected cycle ${days(before.expectedCycleWon)} → ${days(after.expectedCycleWon)}`);
  }
  const points = (impact.winRateDelta ?? 0) * 100;
  if (Math.abs(points) >= POINTS_EPSILON) parts.push(`win rate ${signed(points, 1)} points`);
  return parts.length > 0 ? parts.join(', ') : 'no change to the minimal path, expected cycle or win rate';
}

function pathPart(impact: Omit<Impact, 'summary'>, before: MinimalPathResult, after: MinimalPathResult): string | undefined {
  if (before.kind === 'path' && after.kind === 'path') {
    const steps = impact.minimalPathStepsDelta ?? 0;
    const { pathStepsAdded: added, pathStepsRemoved: removed } = impact;
    if (steps === 0 && added.length === 0 && removed.length === 0) return undefined;
    const count = `${steps === 0 ? '±0' : signed(steps, 0)} step${Math.abs(steps) === 1 ? '' : 's'}`;
    const which = pathStepsList(added, removed);
    return `minimal path: ${count}${which ? ` (${which})` : ''}`;
  }
  if (before.kind === after.kind) return undefined;
  return `minimal path: ${pathSize(before)} → ${pathSize(after)}`;
}

/** The steps a minimal path gained or lost: "security-review" when it only gained, "+a, -b" when both. */
export function pathStepsList(added: readonly string[], removed: readonly string[]): string {
  if (removed.length === 0) return added.join(', ');
  if (added.length === 0) return removed.join(', ');
  return [...added.map((id) => `+${id}`), ...removed.map((id) => `-${id}`)].join(', ');
}

function pathSize(path: MinimalPathResult): string {
  if (path.kind === 'path') return `${path.count} step${path.count === 1 ? '' : 's'}`;
  if (path.kind === 'blocked') return `none (the gate of ${path.blocked.askStep} cannot be met)`;
  return 'none (won is unreachable)';
}

function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  return `${value < 0 ? '-' : '+'}${text}`;
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : 'n/a';
}

function days(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(1)} business days`;
}

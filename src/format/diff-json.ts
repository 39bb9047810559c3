/** `spx diff --format json`: the stable, documented shape CI scripts read (see the README). */
import { maxBump } from '../diff/bump.js';
import { summaryLine, type ProcessDiff } from '../diff/diff.js';
import type { ImpactNumbers } from '../diff/impact.js';
import { reportTotals, type DiffReport } from './diff.js';

/** Bump this when a field changes meaning or goes away; adding fields does not. */
export const DIFF_JSON_VERSION = 1;

export function formatDiffJson(report: DiffReport): string {
  const totals = reportTotals(report);
  const json = {
    spxDiff: DIFF_JSON_VERSION,
    base: report.base ?? null,
    summary: {
      files: totals.files,
      added: totals.added,
      removed: totals.removed,
      modified: totals.modified,
      unchanged: totals.unchanged,
      needed: maxBump(report.entries.map((e) => e.diff.needed)),
      notBumped: totals.notBumped,
    },
    files: report.entries.map(({ file, diff }) => fileJson(file, diff)),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function fileJson(file: string, diff: ProcessDiff) {
  const { impact } = diff;
  return {
    file,
    status: diff.status,
    old: diff.old ?? null,
    new: diff.new ?? null,
    counts: diff.counts,
    needed: diff.needed,
    declared: diff.declared ?? null,
    ok: diff.ok,
    suggestedVersion: diff.suggestedVersion ?? null,
    summary: summaryLine(diff),
    changes: diff.changes.map((c) => ({
      kind: c.kind,
      location: c.location,
      subject: c.subject,
      field: c.field ?? null,
      path: c.path,
      side: c.side,
      line: c.line,
      column: c.column,
      before: c.before ?? null,
      after: c.after ?? null,
      bump: c.bump,
      message: c.message,
      fingerprint: c.fingerprint,
    })),
    impact: {
      winRate: { before: impact.before?.winRate ?? null, after: impact.after?.winRate ?? null, delta: impact.winRateDelta ?? null },
      expectedCycleWon: {
        before: finite(impact.before?.expectedCycleWon),
        after: finite(impact.after?.expectedCycleWon),
        delta: impact.expectedCycleWonDelta ?? null,
      },
      minimalPath: {
        before: pathJson(impact.before),
        after: pathJson(impact.after),
        deltaSteps: impact.minimalPathStepsDelta ?? null,
        deltaDays: impact.minimalPathDaysDelta ?? null,
        added: impact.pathStepsAdded,
        removed: impact.pathStepsRemoved,
      },
      summary: impact.summary,
    },
  };
}

function pathJson(numbers: ImpactNumbers | undefined) {
  if (!numbers) return null;
  const path = numbers.minimalPath;
  if (path.kind === 'path') return { count: path.count, expectedDays: path.expectedDays, probability: path.probability, steps: path.steps.map((s) => s.id) };
  return { count: null, expectedDays: null, probability: null, steps: [], blocked: path.kind === 'blocked' ? path.blocked : null };
}

function finite(n: number | undefined): number | null {
  return n === undefined || !Number.isFinite(n) ? null : n;
}

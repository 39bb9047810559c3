/** `spx simulate --json` as data: a simulation report with the exact numbers and the calendar close dates. */
import { addBusinessDays, isoDate } from '../analysis/business-days.js';
import { computeMetrics } from '../analysis/metrics.js';
import type { Process } from '../model/types.js';
import type { SimulationReport } from './simulate.js';

/** Close dates of won deals started on `start`: the cycle's mean and percentiles as business days on the calendar. */
export interface CloseDates {
  readonly start: string;
  readonly mean: string;
  readonly p50: string;
  readonly p80: string;
  readonly p90: string;
  readonly p95: string;
  /** The dates of `cycleDays.percentiles`, when percentiles were asked for. */
  readonly percentiles?: readonly { readonly p: number; readonly date: string }[];
}

/** The JSON of one file: the simulation report plus the exact numbers and calendar dates. */
export type SimulationJson = { readonly file: string } & SimulationReport & {
    readonly closeDates: CloseDates | null;
    readonly exact: { readonly winRate: number; readonly qualifiedWinRate: number; readonly cycleDaysMean: number | null };
  };

/**
 * The stable JSON of one file in `spx simulate --json` (documented in the README): the report's keys in order,
 * with the close dates (null without `start` or without a won deal) and the exact win rate and mean cycle from
 * the deals' starting step after the cycle.
 * @param start - the start date of the deals, as UTC midnight; close dates are counted on the process calendar
 */
export function simulationJson(file: string, process: Process, report: SimulationReport, start?: Date): SimulationJson {
  const at = computeMetrics(process).steps.get(report.from);
  const { process: name, version, seed, deals, from, stepCap, winRate, winRateStdErr, disqualifiedRate, qualifiedWinRate, cycleDays, ...rest } = report;
  const closeDates =
    start === undefined || cycleDays === null
      ? null
      : {
          start: isoDate(start),
          mean: isoDate(addBusinessDays(start, cycleDays.mean, process.calendar)),
          p50: isoDate(addBusinessDays(start, cycleDays.p50, process.calendar)),
          p80: isoDate(addBusinessDays(start, cycleDays.p80, process.calendar)),
          p90: isoDate(addBusinessDays(start, cycleDays.p90, process.calendar)),
          p95: isoDate(addBusinessDays(start, cycleDays.p95, process.calendar)),
          ...(cycleDays.percentiles === undefined
            ? {}
            : { percentiles: cycleDays.percentiles.map(({ p, days }) => ({ p, date: isoDate(addBusinessDays(start, days, process.calendar)) })) }),
        };
  return {
    file,
    process: name,
    version,
    seed,
    deals,
    from,
    stepCap,
    winRate,
    winRateStdErr,
    disqualifiedRate,
    qualifiedWinRate,
    cycleDays,
    closeDates,
    exact: { winRate: at?.winProbability ?? 0, qualifiedWinRate: at?.qualifiedWinProbability ?? 0, cycleDaysMean: at?.expectedCycleWon ?? null },
    ...rest,
  };
}

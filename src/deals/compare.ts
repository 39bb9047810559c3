/** A process against deal histories, end to end: the CRM mapping, the observed view, the visits and the calibration, as `spx calibrate` and `spx report` both need them. */
import { observedView } from '../analysis/observed.js';
import { observedMapping } from '../model/crm.js';
import type { Process } from '../model/types.js';
import { calibrate, type CalibrationReport } from './calibrate.js';
import type { DealTable } from './columns.js';
import type { Deal } from './types.js';
import { dealVisitColumns } from './visit-columns.js';
import { dealVisits } from './visits.js';

/** What {@link compareWithDeals} needs besides the process and the deals. */
export interface CompareOptions {
  /** Epoch ms: open visits are counted up to this instant (events after it should already be left out when reading). */
  readonly asOf: number;
  /** Observations a verdict or a fitted number needs (the CLI's `--min-sample`, default 30). */
  readonly minSample: number;
}

/** The calibration of a process against the deals it claims. */
export interface DealComparison {
  readonly report: CalibrationReport;
  /** Deals in another CRM pipeline than the process's `crm.pipeline` (not compared). */
  readonly otherPipelines: number;
}

/** A process without `crm.pipeline` claims every deal; so does a deal whose data names no pipeline. */
export function claimsDeal(process: Process, deal: Pick<Deal, 'pipeline'>): boolean {
  const pipeline = process.crm?.pipeline;
  return pipeline === undefined || deal.pipeline === undefined || deal.pipeline === pipeline;
}

/**
 * Compares a process with deal histories: keeps the deals its pipeline claims, maps their CRM stages onto the
 * process (`crm.stages`, or one stage per step), turns them into stage visits in the process calendar up to
 * `asOf`, and calibrates them against the process's observed view. Pure.
 */
export function compareWithDeals(process: Process, deals: readonly Deal[], options: CompareOptions): DealComparison {
  const claimed = deals.filter((deal) => claimsDeal(process, deal));
  const mapping = observedMapping(process);
  const view = observedView(process, mapping.groupOfStep);
  const visits = dealVisits({ deals: claimed, resolveStage: mapping.resolveStage, calendar: process.calendar, asOf: options.asOf, outcomes: process.outcomes });
  return { report: calibrate({ process, visits, predicted: view, minSample: options.minSample, asOf: options.asOf }), otherPipelines: deals.length - claimed.length };
}

/**
 * {@link compareWithDeals} on deal data in columns ({@link readDealTable}): the same report, number for number,
 * without an object per event or visit. Pure.
 */
export function compareWithDealTable(process: Process, table: DealTable, options: CompareOptions): DealComparison {
  const claimed = new Uint8Array(table.deals.length);
  let otherPipelines = 0;
  table.deals.forEach((deal, d) => {
    if (claimsDeal(process, deal)) claimed[d] = 1;
    else otherPipelines++;
  });
  const mapping = observedMapping(process);
  const view = observedView(process, mapping.groupOfStep);
  const visits = dealVisitColumns({ table, claimed, resolveStage: mapping.resolveStage, calendar: process.calendar, asOf: options.asOf, outcomes: process.outcomes });
  return { report: calibrate({ process, visits, predicted: view, minSample: options.minSample, asOf: options.asOf }), otherPipelines };
}

/** Which process a deal belongs to: by the CRM pipeline the process claims (`crm.pipeline`). */
import type { Process } from '../model/types.js';
import type { Deal } from './types.js';

/** The deals one process claims, in input order. */
export interface RoutedDeals<P extends Process = Process, D extends Pick<Deal, 'pipeline'> = Deal> {
  readonly process: P;
  readonly deals: readonly D[];
}

/** Deals routed to processes, and the deals none claims. */
export interface DealRouting<P extends Process = Process, D extends Pick<Deal, 'pipeline'> = Deal> {
  /** One entry per process, in the order given. */
  readonly routed: readonly RoutedDeals<P, D>[];
  /** Deals in a pipeline no process claims, in input order. */
  readonly unrouted: readonly D[];
}

/**
 * Routes each deal to one process: the first process whose `crm.pipeline` equals the deal's pipeline; else the
 * first process without `crm.pipeline` (it claims every deal); else, for a deal whose data names no pipeline, the
 * first process (only a deal's `pipeline` is read: deal records of a table route alike). A deal in a pipeline that no process names, when every process names one, is unrouted.
 */
export function routeDeals<P extends Process, D extends Pick<Deal, 'pipeline'> = Deal>(processes: readonly P[], deals: readonly D[]): DealRouting<P, D> {
  const route = dealRouter(processes);
  const buckets: D[][] = processes.map(() => []);
  const unrouted: D[] = [];
  for (const deal of deals) {
    const index = route(deal.pipeline);
    if (index === undefined) unrouted.push(deal);
    else buckets[index]!.push(deal);
  }
  return { routed: processes.map((process, index) => ({ process, deals: buckets[index]! })), unrouted };
}

/** The rule of {@link routeDeals} as a function of a deal's pipeline: the index of the process that claims it, or undefined. */
export function dealRouter(processes: readonly Process[]): (pipeline: string | undefined) => number | undefined {
  const byPipeline = new Map<string, number>();
  let catchAll = -1;
  processes.forEach((process, index) => {
    const pipeline = process.crm?.pipeline;
    if (pipeline === undefined) {
      if (catchAll < 0) catchAll = index;
    } else if (!byPipeline.has(pipeline)) byPipeline.set(pipeline, index);
  });
  return (pipeline) => {
    let index = pipeline === undefined ? undefined : byPipeline.get(pipeline);
    if (index === undefined && catchAll >= 0) index = catchAll;
    if (index === undefined && pipeline === undefined && processes.length > 0) index = 0;
    return index;
  };
}

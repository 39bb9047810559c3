// A generated open pipeline with planted faults, shared by the audit and forecast tests (library and CLI).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addBusinessTime } from '../../src/deals/business-time.js';
import { synthesizeDeals } from '../../src/deals/synthesize.js';
import type { Deal } from '../../src/deals/types.js';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';

export const SMB_TEXT = readFileSync(resolve(import.meta.dirname, '../../processes/smb.yaml'), 'utf8');
export const SMB: Process = loadProcess('smb.yaml', SMB_TEXT).process!;

/** smb.yaml's crm.stages, inverted: the HubSpot stage that records each step and outcome. */
const STAGE_OF: Record<string, string> = {
  discovery: 'appointmentscheduled',
  demo: 'qualifiedtobuy',
  trial: 'decisionmakerboughtin',
  'closing-call': 'contractsent',
  won: 'closedwon',
  lost: 'closedlost',
};

export const AS_OF = Date.parse('2026-03-02T00:00:00Z');
const START = Date.parse('2025-12-01T09:00:00Z');
const OWNERS = ['ana', 'bo', 'chen'];

export interface Pipeline {
  readonly deals: Deal[];
  /** Open deals planted without a next activity. */
  readonly noNextStep: Set<string>;
  /** Open deals planted with a next activity before AS_OF. */
  readonly overdue: Set<string>;
  /** The deal planted far beyond any stall threshold (in Demo since 100 business days). */
  readonly stalled: string;
}

const CLOSED = new Set(['closedwon', 'closedlost']);

/**
 * `count` deals of smb.yaml walked by the synthesizer up to AS_OF, then given what a CRM adds: owners, amounts
 * (EUR, every fifth USD), and a next activity one business day after AS_OF — except every 7th open deal (none)
 * and every 11th that is not a 7th (three business days overdue). Plus deal STALL, in Demo for 100 business days.
 */
export function pipeline(count = 660, seed = 7): Pipeline {
  const synthesized = synthesizeDeals(SMB, { deals: count, seed, start: START, asOf: AS_OF, spacingDays: 0.1, stageOf: (id) => STAGE_OF[id], outcomeStageOf: (id) => STAGE_OF[id]! });
  const noNextStep = new Set<string>();
  const overdue = new Set<string>();
  const tomorrow = addBusinessTime(AS_OF, 1, SMB.calendar);
  const threeDaysAgo = Date.parse('2026-02-25T10:00:00Z');
  let open = 0;
  const deals: Deal[] = synthesized.map((deal, index) => {
    const isOpen = !CLOSED.has(deal.events.at(-1)!.stage);
    const base = { ...deal, owner: OWNERS[index % OWNERS.length], amount: 1000 + (index % 10) * 500, currency: index % 5 === 0 ? 'USD' : 'EUR' };
    if (!isOpen) return base;
    open++;
    if (open % 7 === 0) {
      noNextStep.add(deal.id);
      return base;
    }
    if (open % 11 === 0) {
      overdue.add(deal.id);
      return { ...base, nextActivityAt: threeDaysAgo };
    }
    return { ...base, nextActivityAt: tomorrow };
  });
  const demoSince = addBusinessTime(Date.parse('2025-07-01T09:00:00Z'), 0, SMB.calendar);
  deals.push({
    id: 'STALL',
    pipeline: undefined,
    owner: 'ana',
    amount: 9000,
    currency: 'EUR',
    nextActivityAt: tomorrow,
    events: [
      { stage: 'appointmentscheduled', at: demoSince - 3 * 86_400_000, source: { file: 'synthetic.csv' } },
      { stage: 'qualifiedtobuy', at: demoSince, source: { file: 'synthetic.csv' } },
    ],
    source: { file: 'synthetic.csv' },
  });
  return { deals, noNextStep, overdue, stalled: 'STALL' };
}

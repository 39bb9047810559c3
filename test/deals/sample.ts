// Deterministic sample deals for the reader tests, and helpers to feed file contents to readDeals.
import { random } from '../../bench/fixtures/random.mjs';
import type { DealSource } from '../../src/deals/read.js';
import type { Deal } from '../../src/deals/types.js';

export const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'];

export interface SampleOptions {
  /** Allow a stage to come back later (a loop); HubSpot's UI export keeps only the last entry per stage. */
  readonly loops?: boolean;
  /** End closed deals with `won`/`lost` (Pipedrive statuses) instead of closedwon/closedlost stages. */
  readonly outcomes?: 'stages' | 'statuses';
  readonly pipelines?: readonly string[];
  /** Event-level buyer roles. */
  readonly involved?: boolean;
}

/** `count` deals with whole-second times from 2026-01-05, no two consecutive events in one stage. */
export function sampleDeals(count: number, seed: number, options: SampleOptions = {}): Deal[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const deals: Deal[] = [];
  for (let d = 0; d < count; d++) {
    const id = String(1000 + d * 7);
    let at = Date.UTC(2026, 0, 5) + Math.floor(next() * 30) * 86_400_000 + Math.floor(next() * 86_400) * 1000;
    const createdAt = at;
    const events: { stage: string; at: number; involved?: string[]; source: { file: string } }[] = [];
    let index = 0;
    const steps = 1 + Math.floor(next() * 5);
    for (let s = 0; s < steps; s++) {
      const event: { stage: string; at: number; involved?: string[]; source: { file: string } } = { stage: STAGES[index]!, at, source: { file: '' } };
      if (options.involved && next() < 0.5) event.involved = next() < 0.5 ? ['champion'] : ['champion', 'economic-buyer'];
      events.push(event);
      at += 1000 * (3600 + Math.floor(next() * 86_400 * 9));
      const back = options.loops && index > 0 && next() < 0.2;
      index = back ? index - 1 : Math.min(index + 1, STAGES.length - 1);
      if (index === STAGES.indexOf(events.at(-1)!.stage)) break;
    }
    const close = next();
    if (close < 0.6) {
      const won = close < 0.35;
      events.push({ stage: options.outcomes === 'statuses' ? (won ? 'won' : 'lost') : won ? 'closedwon' : 'closedlost', at, source: { file: '' } });
    }
    const deal: Record<string, unknown> = { id, pipeline: options.pipelines ? pick(options.pipelines) : undefined, events, source: { file: '' } };
    if (next() < 0.9) deal['owner'] = pick(['jdoe', 'Doe, Jane', 'o"brien', '=HYPERLINK("x")']);
    if (next() < 0.9) deal['amount'] = Math.floor(next() * 100_000) / 100;
    if (next() < 0.8) deal['currency'] = pick(['EUR', 'USD']);
    deal['createdAt'] = createdAt;
    if (close >= 0.6 && next() < 0.7) deal['nextActivityAt'] = at + 86_400_000;
    if (next() < 0.5) deal['nextStep'] = pick(['send proposal', 'call back, then "decide"', 'demo\nfor the team']);
    deals.push(deal as unknown as Deal);
  }
  return deals;
}

/** A DealSource over in-memory text (or bytes), cut into chunks of `chunkSize` bytes to exercise the streaming. */
export function source(file: string, content: string | Uint8Array, chunkSize = 65_536): DealSource {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    file,
    async *chunks() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

type Attribute = 'owner' | 'amount' | 'currency' | 'createdAt' | 'nextActivityAt' | 'nextStep' | 'involved' | 'hasOpenActivity';

/** What a format can carry of a deal: id, pipeline, (stage, time[, roles]) events, and the named attributes. */
export function shape(deals: readonly Deal[], attributes: readonly Attribute[], options: { eventRoles?: boolean; pipeline?: (deal: Deal) => string | undefined } = {}): unknown[] {
  return [...deals]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((deal) => ({
      id: deal.id,
      pipeline: options.pipeline ? options.pipeline(deal) : deal.pipeline,
      events: deal.events.map((event) => (options.eventRoles ? [event.stage, event.at, event.involved ?? []] : [event.stage, event.at])),
      ...Object.fromEntries(attributes.map((name) => [name, deal[name]])),
    }));
}

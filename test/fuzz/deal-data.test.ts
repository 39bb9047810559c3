// The deal-data target: hostile deal-data files through readDeals. Files of every format (made by
// test/deals/exports.ts from seeded sample deals) are mutated byte by byte — flips, truncation, inserted bytes that
// are not UTF-8 or are special (NUL, BOMs, quotes, commas, line breaks, braces), deleted and duplicated ranges,
// splices from another format — and streamed in chunks of random size, with a random as-of and forced format.
// Invariants: the only exception is an SpxError with a deal-data or usage code (never E_INTERNAL, never a bare
// Error); every issue has a file and a line or JSON path and a one-line message; every deal's events are sorted
// by time and before as-of; no case takes over 2 s per MiB (npm run fuzz only). npm test runs a fixed-seed sample.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDeals } from '../../src/deals/read.js';
import type { DealFormat } from '../../src/deals/types.js';
import { SpxError } from '../../src/model/errors.js';
import { eventsCsv, hubspotCsv, hubspotJson, pipedriveCsv, pipedriveFlow, salesforceCsv } from '../deals/exports.js';
import { sampleDeals, source } from '../deals/sample.js';
import { timeLimit } from './invariants.js';
import { announceSeed, fuzzParameters, NIGHTLY } from './settings.js';

announceSeed('deal-data.test.ts');

const DEALS = sampleDeals(12, 5, { loops: true, pipelines: ['a', 'b'], involved: true });
const PIPEDRIVE = sampleDeals(12, 6, { outcomes: 'statuses' });
const SF = salesforceCsv(DEALS);
/** Valid files of every format: the seeds the mutants start from. */
const SEEDS: readonly (readonly [string, string])[] = [
  ['events.csv', eventsCsv(DEALS)],
  ['pm4py.csv', eventsCsv(DEALS, 'pm4py', '\r\n')],
  ['hubspot.json', hubspotJson(DEALS, 'pages', 5)],
  ['hubspot.ndjson', hubspotJson(DEALS, 'ndjson')],
  ['hubspot.csv', hubspotCsv(DEALS)],
  ['OpportunityHistory.csv', SF.history],
  ['Opportunity.csv', SF.opportunity],
  ['pipedrive.csv', pipedriveCsv(PIPEDRIVE)],
  ['flow.json', pipedriveFlow(PIPEDRIVE)],
];

const SPECIAL: readonly (readonly number[])[] = [[0], [0xff, 0xfe], [0xef, 0xbb, 0xbf], [0xc3], [0xed, 0xa0, 0x80], [0x22], [0x2c], [0x0a], [0x0d], [0x7b], [0x5d], [0x3d]];

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: readonly number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; seed: number; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.oneof(fc.constantFrom(...SPECIAL), fc.array(fc.nat(255), { maxLength: 6 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(200) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat(400) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), seed: fc.nat(SEEDS.length - 1), at: fc.nat(), length: fc.nat(300) }),
);

function apply(bytes: Uint8Array, change: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : change.at % (bytes.length + 1);
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  };
  switch (change.kind) {
    case 'flip':
      if (bytes.length === 0) return bytes;
      return bytes.map((byte, i) => (i === at % bytes.length ? byte ^ (1 << change.bit) : byte));
    case 'insert':
      return join(bytes.subarray(0, at), Uint8Array.from(change.bytes), bytes.subarray(at));
    case 'delete':
      return join(bytes.subarray(0, at), bytes.subarray(at + change.length));
    case 'duplicate':
      return join(bytes.subarray(0, at + change.length), bytes.subarray(at));
    case 'truncate':
      return bytes.subarray(0, at);
    case 'splice': {
      const other = new TextEncoder().encode(SEEDS[change.seed]![1]);
      const from = other.length === 0 ? 0 : change.at % other.length;
      return join(bytes.subarray(0, at), other.subarray(from, from + change.length), bytes.subarray(at));
    }
  }
}

const dealCase = fc.record({
  files: fc.array(fc.record({ seed: fc.nat(SEEDS.length - 1), mutations: fc.array(mutation, { maxLength: 6 }) }), { minLength: 1, maxLength: 3 }),
  chunk: fc.oneof(fc.constant(65_536), fc.integer({ min: 1, max: 64 })),
  from: fc.constantFrom<DealFormat | undefined>(undefined, undefined, 'events', 'hubspot', 'salesforce', 'pipedrive'),
  asOf: fc.option(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 6, 1) }), { nil: undefined }),
});

describe('fuzz: deal-data files through readDeals', () => {
  it('mutated exports of every format', async () => {
    await fc.assert(
      fc.asyncProperty(dealCase, async ({ files, chunk, from, asOf }) => {
        const contents = files.map(({ seed, mutations }, i) => {
          const bytes = mutations.reduce(apply, new TextEncoder().encode(SEEDS[seed]![1]));
          return [`${i}-${SEEDS[seed]![0]}`, bytes] as const;
        });
        const started = performance.now();
        try {
          const data = await readDeals(
            contents.map(([file, bytes]) => source(file, bytes, chunk)),
            { ...(from === undefined ? {} : { from }), ...(asOf === undefined ? {} : { asOf }) },
          );
          for (const issue of data.issues) {
            expect(contents.map(([file]) => file)).toContain(issue.source.file);
            expect(issue.source.line !== undefined || issue.source.jsonPath !== undefined, issue.message).toBe(true);
            expect(issue.message).not.toMatch(/[\n\r]/);
          }
          for (const deal of data.deals) {
            expect(deal.events.length).toBeGreaterThan(0);
            deal.events.forEach((event, i) => {
              expect(Number.isFinite(event.at)).toBe(true);
              if (i > 0) expect(event.at).toBeGreaterThanOrEqual(deal.events[i - 1]!.at);
              if (asOf !== undefined) expect(event.at).toBeLessThan(asOf);
            });
          }
        } catch (error) {
          if (!(error instanceof SpxError)) throw error;
          expect(['E_DEAL_DATA', 'E_USAGE']).toContain(error.code);
          expect(error.message).not.toMatch(/[\n\r]/);
          expect(error.message).toMatch(/^\d+-[^:]+:\d+(:\d+)?: /);
        }
        if (NIGHTLY) expect(performance.now() - started).toBeLessThan(timeLimit(...contents.map(([, bytes]) => bytes)));
      }),
      fuzzParameters('deals', 3),
    );
  });
});

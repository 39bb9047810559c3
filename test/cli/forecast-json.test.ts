// `spx forecast --json` written in chunks: byte for byte JSON.stringify of the report, whatever the chunk size, and a
// large pipeline in several writes (stdout, --workers 2 and -o alike).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedOutput, OUTPUT_CHUNK } from '../../src/cli/chunked-output.js';
import { dealJson, writeDealsJson, writeForecastJson, type ForecastJsonHead } from '../../src/cli/commands/forecast.js';
import { run } from '../../src/cli/main.js';
import type { DealDataIssue, ForecastDeal } from '../../src/index.js';
import { SMB_TEXT } from '../deals/pipeline.js';
import { fakeIo, spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/** Text of the characters JSON escapes or writes as they are: quote, backslash, controls, DEL, U+2028, wide, surrogates. */
const trickyText = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '"', '\\', '\n', '\t', '\x00', '\x1f', '\x7f', 'é', '\u2028', '日', '😀', '\ud800', '\udfff'), maxLength: 10 });
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), trickyText);
const number = fc.oneof(fc.constantFrom(0, -0, 0.52, 1e21, NaN, Infinity), fc.double());

const deal: fc.Arbitrary<ForecastDeal> = fc.record({
  id: text,
  // Repeated values too: the writer remembers a field's JSON from deal to deal.
  process: fc.oneof(fc.constantFrom('smb', 'mid "market"'), text),
  stage: fc.oneof(fc.constantFrom('demo', 'trial\u2028'), text),
  owner: fc.option(fc.oneof(fc.constantFrom('ana', 'Zoë'), text), { nil: undefined }),
  amount: fc.option(number, { nil: undefined }),
  currency: fc.option(text, { nil: undefined }),
  winProbability: number,
  expectedCloseAt: fc.option(number, { nil: undefined }),
  expectedCloseDate: fc.option(fc.constantFrom('2026-03-09', '2026-12-31'), { nil: undefined }),
});

const issue = fc.record({
  kind: fc.constantFrom('unparseable-date', 'bad-record'),
  message: text,
  dealId: fc.option(text, { nil: undefined }),
  source: fc.record({ file: text, line: fc.option(fc.nat(), { nil: undefined }), jsonPath: fc.option(text, { nil: undefined }) }),
}) as fc.Arbitrary<DealDataIssue>;

const head: fc.Arbitrary<ForecastJsonHead> = fc.record({
  asOf: fc.constant('2026-03-02T00:00:00.000Z'),
  seed: fc.nat(),
  runsPerDeal: fc.nat(),
  months: fc.array(fc.constantFrom('2026-03', 'later'), { maxLength: 3 }),
  processes: fc.array(fc.record({ file: text, name: text, version: text }), { maxLength: 2 }),
  totals: fc.array(fc.record({ currency: fc.option(text, { nil: null }), deals: fc.nat(), bookings: fc.record({ p10: number, p90: number }) }), { maxLength: 2 }),
  rows: fc.array(fc.record({ month: text, expectedWins: number, currency: fc.option(text, { nil: null }) }), { maxLength: 3 }),
  skipped: fc.array(fc.record({ id: text, stage: text, reason: text }), { maxLength: 3 }),
  unrouted: fc.array(fc.record({ id: text, pipeline: fc.option(text, { nil: null }) }), { maxLength: 3 }),
  format: fc.constantFrom('events', 'hubspot'),
  issues: fc.array(issue, { maxLength: 3 }),
}) as fc.Arbitrary<ForecastJsonHead>;

/** What `write` writes to a ChunkedOutput of `size`-unit chunks, and the chunks. */
function written(size: number, write: (out: ChunkedOutput) => void): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  const out = new ChunkedOutput((chunk) => chunks.push(chunk), size);
  write(out);
  out.end();
  return { text: chunks.join(''), chunks };
}

describe('forecast JSON in chunks', () => {
  it('is JSON.stringify(report, null, 2) byte for byte, from the deals or from chunks made of them, at any chunk size', () => {
    fc.assert(
      fc.property(head, fc.array(deal, { maxLength: 8 }), fc.constantFrom(1, 7, 64, 4096), (json, deals, size) => {
        // The keys in the report's order, deals after rows.
        const report = { asOf: json.asOf, seed: json.seed, runsPerDeal: json.runsPerDeal, months: json.months, processes: json.processes, totals: json.totals, rows: json.rows, deals: deals.map(dealJson), skipped: json.skipped, unrouted: json.unrouted, format: json.format, issues: json.issues };
        const want = Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
        const direct = written(size, (out) => writeForecastJson(json, deals, out));
        expect(Buffer.from(direct.text, 'utf8').equals(want)).toBe(true);
        // As with workers: the deals formatted into chunks first, the chunks written later.
        const dealChunks = written(size, (out) => writeDealsJson(deals, out)).chunks;
        expect(Buffer.from(written(size, (out) => writeForecastJson(json, dealChunks, out)).text, 'utf8').equals(want)).toBe(true);
        // A chunk is flushed once it reaches the size: every one but the last is at least that long.
        expect(direct.chunks.slice(0, -1).every((chunk) => chunk.length >= size)).toBe(true);
      }),
    );
  });

  it('a large pipeline is written in several chunks, the same bytes on one thread, two, and through -o', async () => {
    // 4,000 open deals, stages and owners in turn; quotes and non-ASCII in some ids and owners.
    const stages = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'];
    const rows = ['deal,stage,at,owner,amount,currency'];
    for (let d = 0; d < 4000; d++) {
      const id = d % 100 === 0 ? `"D""${d}\u2028"` : `D${d}`;
      for (let s = 0; s <= d % 5; s++) rows.push(`${id},${stages[s]},2026-02-${String(10 + s * 3).padStart(2, '0')}T09:00:00Z,${['ana', 'Zoë', 'bo\\x'][d % 3]},${d % 7 === 0 ? '' : 1000 + (d % 7) * 250},${d % 7 === 0 ? '' : 'EUR'}`);
    }
    const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': `${rows.join('\n')}\n` });
    const argv = ['forecast', 'smb.yaml', 'deals.csv', '--as-of', '2026-03-02', '--runs-per-deal', '300', '--json'];
    const outputs: string[] = [];
    for (const workers of ['1', '2']) {
      const io = fakeIo({ cwd: dir, now: '2026-03-02T12:00:00Z' });
      const writes: string[] = [];
      io.stdout = (chunk) => {
        writes.push(chunk);
        io.out += chunk;
      };
      expect(await run([...argv, '--workers', workers], io), io.err).toBe(0);
      expect(io.out.length).toBeGreaterThan(3 * OUTPUT_CHUNK);
      expect(writes.length).toBeGreaterThan(3);
      expect(writes.slice(0, -1).every((w) => w.length >= OUTPUT_CHUNK)).toBe(true);
      const report = JSON.parse(io.out) as { deals: unknown[] };
      expect(report.deals).toHaveLength(4000);
      expect(io.out).toBe(`${JSON.stringify(report, null, 2)}\n`);
      outputs.push(io.out);
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(await spxIn([...argv, '--workers', '2', '-o', 'forecast.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'forecast.json'), 'utf8')).toBe(outputs[0]);
    // Never over a file without --force.
    expect(await spxIn([...argv, '-o', 'forecast.json'], { cwd: dir })).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/forecast\.json already exists.*\[E_FILE_EXISTS\]/) });
    expect(await spxIn([...argv, '-o', 'forecast.json', '--force', '--months', '2'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(readFileSync(join(dir, 'forecast.json'), 'utf8')).months).toEqual(['2026-03', '2026-04', 'later']);
  });
});

// The audit report's fast paths against the plain ones they replace: the typed-key worst-first order against the
// deal comparator, and each JSON deal line's bytes against JSON.stringify of the deal's entry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedBytes } from '../../src/cli/chunked-output.js';
import { AuditDealJson, worstFirstOrder } from '../../src/cli/commands/audit.js';
import { AUDIT_FINDINGS, type AuditedDeal, type AuditFinding } from '../../src/deals/audit.js';

/** The comparator the report sorted with: more findings, more money, longer in the stage, then the id. */
function worstFirst(a: AuditedDeal, b: AuditedDeal): number {
  return b.findings.length - a.findings.length || (b.amount ?? 0) - (a.amount ?? 0) || b.daysInStage - a.daysInStage || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Text of the characters JSON escapes or writes as they are at the edges: quote, backslash, control characters,
 * DEL, Latin-1, U+2028, a wide character, a surrogate pair and lone surrogates, among plain ASCII.
 */
const trickyText = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '~', '"', '\\', '\n', '\t', '\x00', '\x1f', '\x7f', 'é', '\u2028', '日', '😀', '\ud800', '\udfff'), maxLength: 12 });

const finding = fc.record({
  id: fc.constantFrom(...AUDIT_FINDINGS),
  message: fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), trickyText),
  due: fc.option(fc.constantFrom('2026-03-02', '2026-03-09'), { nil: undefined }),
}) as fc.Arbitrary<AuditFinding>;

/** A deal; `number` makes its amounts and days (few values, so that ties are common, for the order). */
function deal(number: fc.Arbitrary<number>, findings: fc.Arbitrary<AuditFinding[]>): fc.Arbitrary<AuditedDeal> {
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), trickyText);
  // Any instant Date takes, and (mostly) those of years 1970–9999 that data has.
  const instant = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: 1_772_000_000_000, max: 1_772_432_000_000 }), fc.constantFrom(0, 253_402_300_799_999, 253_402_300_800_000, -1));
  return fc.record({
    id: fc.oneof(fc.constantFrom('D1', 'D2', 'd1', 'D10'), text),
    process: fc.constantFrom('smb', 'mid "market"'),
    stage: text,
    stageTitle: text,
    enteredAt: instant,
    daysInStage: number,
    nextActivityAt: fc.option(instant, { nil: undefined }),
    owner: fc.option(text, { nil: undefined }),
    amount: fc.option(number, { nil: undefined }),
    currency: fc.option(fc.constantFrom('EUR', 'USD', '¥'), { nil: undefined }),
    winProbability: fc.option(number, { nil: undefined }),
    stallDays: fc.option(number, { nil: undefined }),
    findings,
  });
}

describe('worstFirstOrder', () => {
  const ties = fc.oneof(fc.constantFrom(0, 0.5, 1, 2.8, 1000, -3), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const deals = fc.array(deal(ties, fc.array(finding, { maxLength: 7 })), { maxLength: 80 });

  it('orders deals as the comparator does (a stable sort: equal deals keep their order)', () => {
    fc.assert(
      fc.property(deals, (list) => {
        const expected = list.map((d, i) => ({ d, i })).sort((a, b) => worstFirst(a.d, b.d));
        expect([...worstFirstOrder(list)]).toEqual(expected.map((e) => e.i));
      }),
    );
  });

  it('with ranks, orders by rank first, then as the comparator within a rank', () => {
    fc.assert(
      fc.property(
        deals.chain((list) => fc.tuple(fc.constant(list), fc.array(fc.nat(4), { minLength: list.length, maxLength: list.length }))),
        ([list, ranks]) => {
          const expected = list.map((d, i) => ({ d, i })).sort((a, b) => ranks[a.i]! - ranks[b.i]! || worstFirst(a.d, b.d));
          expect([...worstFirstOrder(list, Uint32Array.from(ranks))]).toEqual(expected.map((e) => e.i));
        },
      ),
    );
  });
});

describe('AuditDealJson', () => {
  /** A deal's entry in the JSON report, as the report made it before it wrote deals itself. */
  const entry = (d: AuditedDeal) => {
    const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
    const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);
    return {
      id: d.id,
      process: d.process,
      stage: d.stage,
      enteredAt: iso(d.enteredAt)!,
      daysInStage: d.daysInStage,
      nextActivityAt: iso(d.nextActivityAt),
      owner: d.owner ?? null,
      amount: d.amount ?? null,
      currency: d.currency ?? null,
      winProbability: finite(d.winProbability),
      stallDays: finite(d.stallDays),
      findings: d.findings.map((f) => ({ id: f.id, message: f.message, due: f.due ?? null })),
    };
  };

  it('writes the UTF-8 bytes of what JSON.stringify writes for each deal, also when deals share findings, stages and numbers', () => {
    // Findings picked from a pool, as the audit shares them between deals; any double, NaN and ±Infinity included.
    const pooled = fc.array(finding, { minLength: 1, maxLength: 5 }).chain((pool) => fc.array(fc.constantFrom(...pool), { maxLength: 4 }));
    const number = fc.oneof(fc.constantFrom(0, -0, 0.52, NaN, Infinity, -Infinity), fc.double());
    fc.assert(
      fc.property(fc.array(deal(number, pooled), { maxLength: 30 }), fc.constantFrom(8, 64, 4096), fc.constantFrom(0, 1, 1024), (list, size, capacity) => {
        // A capacity below the deals kept: the columns grow.
        const json = new AuditDealJson(capacity);
        for (const d of list) json.add(d);
        expect(json.count).toBe(list.length);
        // A small buffer: lines longer than it, flushed between lines and pieces.
        const chunks: Buffer[] = [];
        const out = new ChunkedBytes((bytes) => chunks.push(Buffer.from(bytes)), size);
        json.writeAll(out, Buffer.from(',\n'));
        out.end();
        const expected = list.map((d) => JSON.stringify(entry(d))).join(',\n');
        expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
        expect(Buffer.concat(chunks).equals(Buffer.from(expected, 'utf8'))).toBe(true);
      }),
    );
  });
});

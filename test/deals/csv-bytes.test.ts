// The byte CSV tokenizer: the text tokenizer's rows from UTF-8 chunks cut anywhere (inside a character, a quoted
// field, a CRLF), its own UTF-8 and NUL checks with exact lines, and the byte-level helpers the events reader uses.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvByteTokenizer, decodeUtf8, firstInvalidUtf8, MAX_ROW_CHARS } from '../../src/deals/csv-bytes.js';
import { parseInstant, parseInstantBytes, parseIsoZuluBytes } from '../../src/deals/dates.js';
import { readDeals } from '../../src/deals/read.js';
import { SpxError } from '../../src/model/errors.js';
import { CsvTokenizer } from './csv-text-reference.js';
import { source } from './sample.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Row {
  fields: string[];
  trimmed: (string | undefined)[];
  line: number;
  malformed: string | undefined;
}

/** Rows of the text tokenizer given the whole text at once: the reference. */
function textRows(text: string): Row[] {
  const out: Row[] = [];
  const tokenizer = new CsvTokenizer('t.csv', (row) => out.push({ fields: row.toArray(), trimmed: row.toArray().map((_, i) => row.field(i)), line: row.line, malformed: row.malformed }));
  tokenizer.push(text);
  tokenizer.end();
  return out;
}

/** Rows of the byte tokenizer given `bytes` cut at `cuts`. */
function byteRows(bytes: Uint8Array, cuts: number[] = []): Row[] {
  const out: Row[] = [];
  const tokenizer = new CsvByteTokenizer('t.csv', (row) => out.push({ fields: row.toArray(), trimmed: row.toArray().map((_, i) => row.field(i)), line: row.line, malformed: row.malformed }));
  const points = [...new Set([0, ...cuts.filter((c) => c <= bytes.length).sort((a, b) => a - b), bytes.length])];
  for (let i = 1; i < points.length; i++) tokenizer.push(bytes.subarray(points[i - 1], points[i]));
  tokenizer.end();
  return out;
}

function failure(bytes: Uint8Array, cuts: number[] = []): string {
  try {
    byteRows(bytes, cuts);
  } catch (error) {
    expect(error).toBeInstanceOf(SpxError);
    return (error as SpxError).message;
  }
  throw new Error('no error');
}

describe('the byte tokenizer', () => {
  it('gives the text tokenizer’s rows, lines and trimmed fields wherever the bytes are cut', () => {
    // Characters that matter to CSV, blanks, and 2-, 3- and 4-byte UTF-8 characters.
    const piece = fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r\n', '\r', ' ', '\t', 'é', '€', '😀', 'D1', '2026-01-01');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 10 }), (pieces, cuts) => {
        const text = pieces.join('');
        expect(byteRows(encode(text), cuts)).toEqual(textRows(text));
      }),
      { seed: 20_261_203, numRuns: 1500 },
    );
  });

  it('a cut inside a multi-byte character, a quoted field, a doubled quote or a CRLF changes nothing', () => {
    const text = 'deal,stage\r\n"Zoë, ""the"" 😀 buyer","two\nlines"\r\nD€,x\r\n';
    const bytes = encode(text);
    const whole = byteRows(bytes);
    expect(whole.map((row) => [row.fields, row.line])).toEqual([
      [['deal', 'stage'], 1],
      [['Zoë, "the" 😀 buyer', 'two\nlines'], 2],
      [['D€', 'x'], 4],
    ]);
    for (let cut = 1; cut < bytes.length; cut++) expect(byteRows(bytes, [cut])).toEqual(whole);
    for (let a = 1; a < bytes.length; a += 3) for (let b = a + 1; b < bytes.length; b += 2) expect(byteRows(bytes, [a, b])).toEqual(whole);
  });

  it('skips a UTF-8 BOM, even one split over chunks', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...encode('a,b\n1,2\n')]);
    for (const cuts of [[], [1], [2], [1, 2], [3]]) expect(byteRows(bytes, cuts).map((row) => row.fields)).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps a U+FEFF inside the file (files joined with cat): only the file’s first BOM is skipped', () => {
    const text = 'deal,owner\n\uFEFFD1,\uFEFFbo\n"D2""\uFEFFx",\uFEFF\n\uFEFF,é\uFEFF\n';
    const bytes = encode(text);
    const whole = byteRows(bytes);
    expect(whole.map((row) => row.fields)).toEqual([
      ['deal', 'owner'],
      ['\uFEFFD1', '\uFEFFbo'],
      ['D2"\uFEFFx', '\uFEFF'],
      ['\uFEFF', 'é\uFEFF'],
    ]);
    expect(whole).toEqual(textRows(text));
    for (let cut = 1; cut < bytes.length; cut++) expect(byteRows(bytes, [cut])).toEqual(whole);
  });

  it('equals and span compare in place, ASCII or not', () => {
    const seen: [boolean, boolean, boolean, boolean, string | undefined][] = [];
    const tokenizer = new CsvByteTokenizer('t.csv', (row) => {
      seen.push([row.equals(0, 'Zoë'), row.equals(0, 'Zo'), row.equals(1, 'won'), row.equals(1, 'wo'), row.span(0) ? decodeUtf8(row.bytes, row.spanStart, row.spanEnd) : undefined]);
    });
    tokenizer.push(encode(' Zoë ,won\nZoe,\twon \n"Zoë",won\n'));
    tokenizer.end();
    expect(seen).toEqual([
      [true, false, true, false, 'Zoë'],
      [false, false, true, false, 'Zoe'],
      [true, false, true, false, undefined],
    ]);
  });

  it('refuses bytes that are not UTF-8 and NUL bytes with the line they are on, whatever the chunking', () => {
    const before = encode('deal,stage,at\nD1,a,2026-01-01\nD1,"b\nc",2026-01-02\n');
    const bad = Uint8Array.from([...before, ...encode('D2,'), 0xc3, 0x28, ...encode(',x\n')]);
    const nul = Uint8Array.from([...before, ...encode('D2,'), 0, ...encode(',x\n')]);
    for (const cuts of [[], [5], [before.length + 3], [before.length + 4], [10, 40, before.length + 2]]) {
      expect(failure(bad, cuts)).toBe('t.csv:5: not UTF-8 text; save or export it as UTF-8');
      expect(failure(nul, cuts)).toBe('t.csv:5: binary data (a NUL byte), not a text export; give spx the CSV or JSON file');
    }
    const cutShort = Uint8Array.from([...encode('a,b\nc,'), 0xe2, 0x82]);
    expect(failure(cutShort)).toBe('t.csv:2: the file ends inside a UTF-8 character; save it as UTF-8 text');
    expect(failure(cutShort, [6, 7])).toBe('t.csv:2: the file ends inside a UTF-8 character; save it as UTF-8 text');
  });

  it('finds the first invalid byte as the strict decoder judges it (overlong forms, surrogates, truncation)', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (list) => {
        const bytes = Uint8Array.from(list);
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        const first = firstInvalidUtf8(bytes, 0, bytes.length);
        expect(first === bytes.length).toBe(valid);
        expect(isUtf8(bytes)).toBe(valid);
        if (!valid) {
          // Everything before the reported byte is valid UTF-8.
          expect(isUtf8(bytes.subarray(0, first))).toBe(true);
        }
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it('limits a row by characters, not bytes', () => {
    const wide = `a,${'é'.repeat(MAX_ROW_CHARS - 10)}\nb,c\n`; // ~2 MiB of bytes, under the limit in characters
    expect(byteRows(encode(wide), [1 << 20]).map((row) => row.fields[0])).toEqual(['a', 'b']);
    const long = `a,"${'é'.repeat(MAX_ROW_CHARS + 10)}`;
    expect(failure(encode(long), [1 << 20, 1 << 21])).toMatch(/^t\.csv:1: a row longer than 1048576 characters/);
  });

  it('reads a quoted field of 250,000 doubled quotes in linear time (each quote used to rescan the rest of the line)', () => {
    const field = '""'.repeat(250_000);
    const started = performance.now();
    const rows = byteRows(encode(`a,"${field}",b\nc,d\n`));
    // Quadratic took over 20 s; linear takes milliseconds: a generous bound on a loaded machine still tells them apart.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(rows.map((row) => [row.fields[1]!.length, row.fields[2], row.line])).toEqual([
      [250_000, 'b', 1],
      [1, undefined, 2],
    ]);
  });
});

describe('byte helpers', () => {
  it('decodeUtf8 is TextDecoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const bytes = encode(`x${text}y`);
        expect(decodeUtf8(bytes, 1, bytes.length - 1)).toBe(text);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('parseInstantBytes on UTF-8 bytes is parseInstant on the string, non-ASCII characters included', () => {
    const part = fc.constantFrom('2026', '2024', '1999', '-', '02', '29', '30', '13', 'T', ' ', 't', '12', '59', '60', ':', '.', ',', '5', '123', '4567', 'Z', 'z', '+', '01:30', '0130', '19', 'é', '\t');
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York'];
    fc.assert(
      fc.property(fc.array(part, { maxLength: 14 }), fc.constantFrom(...zones), (parts, zone) => {
        const text = parts.join('');
        const bytes = encode(`,${text},`);
        expect(parseInstantBytes(bytes, 1, bytes.length - 1, zone)).toBe(parseInstant(text, zone));
      }),
      { seed: 11, numRuns: 3000 },
    );
    const cases = ['2026-03-29T02:30:00', '2026-03-29', '2026-01-31T10:00:00.5+01:00', '2026-01-31 10:00Z', ' 2026-01-31T10:00:00.123456Z\t', '2024-02-29', '2023-02-29'];
    for (const text of cases) {
      for (const zone of zones) {
        const bytes = encode(text);
        expect(parseInstantBytes(bytes, 0, bytes.length, zone)).toBe(parseInstant(text, zone));
      }
    }
  });
});

describe('parseIsoZuluBytes', () => {
  it('is parseInstant on YYYY-MM-DDTHH:MM:SS.sssZ and NaN (not a guess) on anything else', () => {
    const digit = fc.constantFrom('0', '1', '2', '3', '5', '9');
    const char = fc.oneof(digit, fc.constantFrom('-', 'T', ':', '.', 'Z', 't', 'z', ' ', 'x'));
    // Mostly the exact shape with random digits (so dates that do not exist, hour 29, minute 60...), some noise.
    const shaped = fc.tuple(fc.array(digit, { minLength: 17, maxLength: 17 }), fc.array(fc.tuple(fc.nat(23), char), { maxLength: 2 })).map(([d, noise]) => {
      const chars = `${d.slice(0, 4).join('')}-${d.slice(4, 6).join('')}-${d.slice(6, 8).join('')}T${d.slice(8, 10).join('')}:${d.slice(10, 12).join('')}:${d.slice(12, 14).join('')}.${d.slice(14, 17).join('')}Z`.split('');
      for (const [at, c] of noise) chars[at] = c;
      return chars.join('');
    });
    fc.assert(
      fc.property(fc.oneof(shaped, fc.constantFrom('2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '2026-12-31T00:00:00.000Z', '0000-01-01T00:00:00.000Z')), (text) => {
        const bytes = encode(text);
        const fast = parseIsoZuluBytes(bytes, 0, bytes.length);
        const general = parseInstant(text, 'UTC');
        if (Number.isNaN(fast)) expect(text.length !== 24 || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(text) || general === undefined).toBe(true);
        else expect(fast).toBe(general);
      }),
      { seed: 13, numRuns: 5000 },
    );
  });
});

describe('events CSV from bytes', () => {
  it('joins ids in and out of order, ASCII or not, whatever the chunking', async () => {
    const rows = ['deal,stage,at'];
    const ids = ['D3', 'D1', 'Zoë', 'D2', '😀7', 'D10', 'D1', 'Zoë', 'D3', '😀7'];
    ids.forEach((id, i) => rows.push(`${id},${i % 2 === 0 ? 'a' : 'b'},2026-01-${String(10 + i).padStart(2, '0')}`));
    const csv = `${rows.join('\n')}\n`;
    const expected = [
      ['D1', 2],
      ['D10', 1],
      ['D2', 1],
      ['D3', 2],
      ['Zoë', 2],
      ['😀7', 2],
    ];
    for (const chunk of [1, 2, 3, 5, 64, 65_536]) {
      const data = await readDeals([source('log.csv', csv, chunk)], { timeZone: 'UTC' });
      expect(data.deals.map((deal) => [deal.id, deal.events.length])).toEqual(expected);
      expect(data.issues).toEqual([]);
    }
  });

  it('reports a bad byte after the head with its line', async () => {
    const head = `deal,stage,at\n${'D1,a,2026-01-01\n'.repeat(10_000)}`;
    const bytes = Uint8Array.from([...encode(head), ...encode('D2,'), 0xff, ...encode(',2026-01-02\n')]);
    await expect(readDeals([source('log.csv', bytes, 4096)])).rejects.toThrow('log.csv:10002: not UTF-8 text; save or export it as UTF-8');
  });
});

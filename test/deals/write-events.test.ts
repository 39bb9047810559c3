// The events CSV writer and its cell quoting: RFC 4180 quotes, formula-injection prefixes, ISO instants with milliseconds.
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../src/deals/csv-cell.js';
import type { Deal } from '../../src/deals/types.js';
import { eventsCsv } from '../../src/deals/write-events.js';

describe('csvCell', () => {
  it('defuses formula starts and quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvRow(['a', 1, undefined, '=b'])).toBe("a,1,,'=b");
  });
});

describe('eventsCsv', () => {
  it('writes one row per event with the deal’s attributes', () => {
    const deal: Deal = {
      id: '=cmd|x',
      pipeline: 'default',
      owner: 'Ana, Sales',
      amount: 1200,
      currency: 'EUR',
      nextActivityAt: Date.UTC(2026, 2, 10, 9),
      events: [
        { stage: 'discovery', at: Date.UTC(2026, 2, 2, 9, 30, 0, 5), source: { file: 'x' } },
        { stage: 'closedwon', at: Date.UTC(2026, 2, 6), source: { file: 'x' } },
      ],
      source: { file: 'x' },
    };
    const bare: Deal = { id: 'D2', pipeline: undefined, events: [{ stage: 'demo', at: 0, source: { file: 'x' } }], source: { file: 'x' } };
    const empty: Deal = { id: 'D3', pipeline: undefined, events: [], source: { file: 'x' } };
    expect(eventsCsv([deal, bare, empty])).toBe(
      [
        'deal,stage,at,owner,amount,currency,pipeline,next_activity_at',
        `'=cmd|x,discovery,2026-03-02T09:30:00.005Z,"Ana, Sales",1200,EUR,default,2026-03-10T09:00:00.000Z`,
        `'=cmd|x,closedwon,2026-03-06T00:00:00.000Z,"Ana, Sales",1200,EUR,default,2026-03-10T09:00:00.000Z`,
        'D2,demo,1970-01-01T00:00:00.000Z,,,,,',
        '',
      ].join('\n'),
    );
    expect(eventsCsv([])).toBe('deal,stage,at,owner,amount,currency,pipeline,next_activity_at\n');
  });
});

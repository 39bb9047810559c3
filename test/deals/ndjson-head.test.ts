// NDJSON whose first line fills the head exactly (a source that yields one line per chunk, a first line of 4 KiB or
// more) is still NDJSON: "nothing after line 1" means a one-line document only once the file has really ended.
import { describe, expect, it } from 'vitest';
import { readDeals, type DealSource } from '../../src/deals/read.js';

const deal = (id: string): string =>
  JSON.stringify({
    id,
    properties: { pipeline: 'default', amount: '100', note: 'x'.repeat(5000) },
    propertiesWithHistory: { dealstage: [{ value: 'appointmentscheduled', timestamp: '2024-01-02T00:00:00Z' }] },
  });

function chunked(file: string, chunks: readonly string[]): DealSource {
  const encoder = new TextEncoder();
  return {
    file,
    async *chunks() {
      for (const chunk of chunks) yield encoder.encode(chunk);
    },
  };
}

describe('NDJSON detection at the end of the head', () => {
  it('a first line that ends exactly where its chunk ends, more lines in later chunks: NDJSON, every line read', async () => {
    const lines = ['1', '2', '3'].map((id) => `${deal(id)}\n`);
    const data = await readDeals([chunked('deals.ndjson', lines)], { asOf: Date.UTC(2025, 0, 1) });
    expect(data.format).toBe('hubspot');
    expect(data.deals.map((d) => d.id)).toEqual(['1', '2', '3']);
    expect(data.issues).toEqual([]);
  });

  it('blank chunks after the first line do not hide the next record', async () => {
    const data = await readDeals([chunked('deals.ndjson', [`${deal('1')}\n`, '\n', '  \n', `${deal('2')}\n`])], { asOf: Date.UTC(2025, 0, 1) });
    expect(data.deals.map((d) => d.id)).toEqual(['1', '2']);
  });

  it('a one-line document followed by nothing (or blank chunks) is still read whole', async () => {
    const document = JSON.stringify({ results: [JSON.parse(deal('1'))] });
    for (const chunks of [[`${document}\n`], [`${document}\n`, '\n', ' ']]) {
      const data = await readDeals([chunked('deals.json', chunks)], { asOf: Date.UTC(2025, 0, 1) });
      expect(data.deals.map((d) => d.id)).toEqual(['1']);
    }
  });
});

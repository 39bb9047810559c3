// Line ends of deal-data CSVs: LF, CRLF and CRCRLF (Python's csv writer on Windows) read alike; only a file whose lines
// end in CR alone is refused, and a CR inside a quoted header name is part of the name, not a line end.
import { describe, expect, it } from 'vitest';
import { readDeals } from '../../src/deals/read.js';
import { eventsCsv } from './exports.js';
import { sampleDeals, source } from './sample.js';

const deals = sampleDeals(6, 3);

describe('CSV line ends', () => {
  it('CRCRLF line ends (csv.writer on Windows without newline="") read as LF ones', async () => {
    const lf = await readDeals([source('x.csv', eventsCsv(deals, 'spx', '\n'))]);
    const crcrlf = await readDeals([source('x.csv', eventsCsv(deals, 'spx', '\r\r\n'), 97)]);
    expect(lf.deals.length).toBe(6);
    expect(crcrlf).toEqual(lf);
  });

  it('CRCRLF leaves no CR in the last field, whether it is plain or quoted (here the date every row needs)', async () => {
    const rows = ['deal,stage,at', 'D1,appointmentscheduled,2026-01-05', 'D1,qualifiedtobuy,"2026-01-13"', 'D2,appointmentscheduled,2026-01-07', ''];
    const lf = await readDeals([source('x.csv', rows.join('\n'))]);
    expect(lf.deals.length).toBe(2);
    expect(lf.issues).toEqual([]);
    expect(await readDeals([source('x.csv', rows.join('\r\r\n'), 5)])).toEqual(lf);
  });

  it('a quoted header name with a line break in it is a name, with --from and without', async () => {
    for (const eol of ['\n', '\r\n', '\r\r\n']) {
      const rows = ['D1,appointmentscheduled,2026-01-05,a', 'D1,qualifiedtobuy,2026-01-13,b', 'D2,appointmentscheduled,2026-01-07,c'];
      const br = eol === '\n' ? '\r\n' : eol;
      const csv = [`"Notes${br}(free text)",deal,stage,at,extra`, ...rows.map((row) => `x,${row}`), ''].join(eol);
      const expected = await readDeals([source('x.csv', ['deal,stage,at,extra', ...rows, ''].join(eol))]);
      expect(expected.deals.length).toBe(2);
      // The header takes two lines: every row is one line further down.
      const shifted = JSON.parse(JSON.stringify(expected.deals).replace(/"line":(\d+)/g, (_, line: string) => `"line":${Number(line) + 1}`));
      expect((await readDeals([source('x.csv', csv)], { from: 'events' })).deals).toEqual(shifted);
      expect((await readDeals([source('x.csv', csv)])).deals).toEqual(shifted);
    }
  });

  it('a CR alone inside a quoted header name neither ends the header nor refuses the file', async () => {
    const csv = eventsCsv(deals).replace('\n', ',"Notes\r(free text)"\n');
    const expected = await readDeals([source('x.csv', eventsCsv(deals))]);
    expect((await readDeals([source('x.csv', csv)])).deals).toEqual(expected.deals);
  });
});

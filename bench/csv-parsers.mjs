// Which streaming CSV parser the deal readers use, by measurement: 1,000,000 PM4Py-style event rows (with a
// quoted field on every 10th row) streamed through spx's own tokenizer and, when installed, papaparse,
// csv-parse and @fast-csv/parse. Each consumer touches every field of every row. Not part of `npm run bench`
// (the candidates are not dependencies): `npm install --no-save papaparse csv-parse @fast-csv/parse` first,
// then `node bench/csv-parsers.mjs [rows]`. Prints the median of 3 runs per parser.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root } from './timing.mjs';

const rows = Number(process.argv[2] ?? 1_000_000);
const work = mkdtempSync(join(tmpdir(), 'spx-csv-bench-'));
const file = join(work, 'events.csv');
{
  const stages = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'closedwon'];
  const lines = ['case:concept:name,concept:name,time:timestamp,case:owner,case:amount'];
  let t = Date.UTC(2025, 0, 1);
  for (let i = 0; i < rows; i++) {
    t += 61_000;
    const owner = i % 10 === 0 ? '"Doe, Jane"' : 'jdoe';
    lines.push(`D${Math.floor(i / 5)},${stages[i % 5]},${new Date(t).toISOString()},${owner},${1000 + (i % 97)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const require = createRequire(join(root, 'package.json'));
const optional = (name) => {
  try {
    return require(name);
  } catch {
    return undefined;
  }
};

// spx's tokenizer, compiled from the sources.
const out = join(work, 'csv.mjs');
await build({ entryPoints: [join(root, 'src/deals/csv-bytes.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'warning' });
const { CsvByteTokenizer } = await import(out);

let checksum = 0;
const touch = (fields) => {
  for (let i = 0; i < fields.length; i++) checksum += fields[i].length;
};

const candidates = {
  // Strings for every field, as the libraries give.
  'spx CsvByteTokenizer': async () => {
    const tokenizer = new CsvByteTokenizer(file, (row) => touch(row.toArray()));
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) tokenizer.push(chunk);
    tokenizer.end();
  },
  // Field bounds only (what the events reader uses for ids, stages and times it can compare or parse in place).
  'spx (views)': async () => {
    const tokenizer = new CsvByteTokenizer(file, (row) => {
      for (let i = 0; i < row.count; i++) checksum += row.values === undefined ? row.ends[i] - row.starts[i] : row.values[i].length;
    });
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) tokenizer.push(chunk);
    tokenizer.end();
  },
};
const papa = optional('papaparse');
if (papa) {
  candidates['papaparse (step)'] = () =>
    new Promise((resolve, reject) => {
      papa.parse(createReadStream(file, { encoding: 'utf8' }), { step: (r) => touch(r.data), complete: resolve, error: reject });
    });
}
const csvParse = optional('csv-parse');
if (csvParse) {
  candidates['csv-parse (stream)'] = async () => {
    for await (const record of createReadStream(file).pipe(csvParse.parse({ relax_quotes: true }))) touch(record);
  };
}
const fastCsv = optional('@fast-csv/parse');
if (fastCsv) {
  candidates['@fast-csv/parse'] = () =>
    new Promise((resolve, reject) => {
      createReadStream(file).pipe(fastCsv.parse()).on('data', touch).on('end', resolve).on('error', reject);
    });
}

console.log(`${rows.toLocaleString('en')} rows, ${(statSize() / 1e6).toFixed(1)} MB, Node ${process.version}`);
for (const [name, run] of Object.entries(candidates)) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    checksum = 0;
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(20)} ${times[1].toFixed(0).padStart(6)} ms  (checksum ${checksum})`);
}
rmSync(work, { recursive: true, force: true });

function statSize() {
  return require('node:fs').statSync(file).size;
}

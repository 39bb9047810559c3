// Deal-data benchmarks: `spx audit` against `spx calibrate` on the same 200,000 open deals (1,000,000 events), and
// `spx forecast` of 10,000 open deals × 1,000 runs each (whole CLI runs; the forecast's core also in-process).
// Run with `node bench/deals.mjs [--quick] [--forecast]` after a build (npm install or node scripts/build.mjs).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { random } from './fixtures/random.mjs';
import { compare, median, root } from './timing.mjs';

const quick = process.argv.includes('--quick');
/** `--forecast`: the forecast figures only (skips the 200,000-deal audit). */
const forecastOnly = process.argv.includes('--forecast');
const spx = join(root, 'bin/spx.cjs');
const lib = await import(join(root, 'dist/index.js'));

/** The smb.yaml HubSpot stages a deal passes, in order; every deal stays open. */
const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'];
const OWNERS = ['ana', 'bo', 'chen', 'dee', 'eli'];

/**
 * An events CSV of `deals` open deals with 5 rows each: the stage changes of a deal that started 1–8 days before
 * 2026-03-02 and moved on every 0–2 days, then history rows (amount or date changes) of its current stage. About
 * 15% have no next activity and 10% an overdue one, so a third or so of the deals are flagged, as in a real pipeline.
 */
export function openDealsCsv(deals, seed = 1) {
  const next = random(seed);
  const lines = ['deal,stage,at,owner,amount,currency,next_activity_at'];
  const asOf = Date.parse('2026-03-02T00:00:00Z');
  for (let d = 0; d < deals; d++) {
    const depth = 1 + Math.floor(next() * STAGES.length);
    let at = asOf - Math.floor((1 + next() * 7) * 86_400_000);
    const step = (asOf - at) / 5;
    const owner = OWNERS[d % OWNERS.length];
    const amount = 1000 + Math.floor(next() * 20) * 500;
    const currency = d % 4 === 0 ? 'USD' : 'EUR';
    const r = next();
    const nextActivity = r < 0.15 ? '' : r < 0.25 ? '2026-02-20T10:00:00.000Z' : '2026-03-03T10:00:00.000Z';
    for (let e = 0; e < 5; e++) {
      const stage = STAGES[Math.min(e, depth - 1)];
      lines.push(`D${d},${stage},${new Date(at).toISOString()},${owner},${amount},${currency},${nextActivity}`);
      at += Math.floor(next() * step);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** User + system CPU seconds of this process's waited-for children so far (Linux /proc; NaN elsewhere). */
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** As timing.mjs's compare, and the median CPU time (user + system) of each command's child as well: [wall ms, CPU ms] per command. */
function compareWithCpu(commands, runs, cwd, warmups = 1) {
  const walls = commands.map(() => []);
  const cpus = commands.map(() => []);
  const once = (args) => {
    const cpu0 = childrenCpu();
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return [wall, (childrenCpu() - cpu0) * 1000];
  };
  for (let i = 0; i < warmups; i++) commands.forEach((args) => once(args));
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, k) => {
      const [wall, cpu] = once(args);
      walls[k].push(wall);
      cpus[k].push(cpu);
    });
  }
  return commands.map((_, k) => [median(walls[k]), median(cpus[k])]);
}

const work = mkdtempSync(join(tmpdir(), 'spx-bench-deals-'));
const smb = join(root, 'processes/smb.yaml');
const asOf = ['--as-of', '2026-03-02'];
const rows = [];
try {
  const big = quick ? 20_000 : 200_000;
  if (!forecastOnly) {
    writeFileSync(join(work, 'deals.csv'), openDealsCsv(big));
    const [calibrate, audit, calibrateJson, auditJson] = compare(
      [
        [spx, 'calibrate', smb, 'deals.csv', ...asOf],
        [spx, 'audit', smb, 'deals.csv', ...asOf],
        [spx, 'calibrate', smb, 'deals.csv', ...asOf, '--json'],
        [spx, 'audit', smb, 'deals.csv', ...asOf, '--json'],
      ],
      quick ? 1 : 3,
      work,
      1,
    );
    const events = `${big.toLocaleString('en')} open deals (${(5 * big).toLocaleString('en')} events)`;
    rows.push([`spx audit, ${events}, text`, `${Math.round(audit)} ms`, `spx calibrate, text: ${Math.round(calibrate)} ms → ${(audit / calibrate).toFixed(2)}×`, 'goal ≤ 1.2×']);
    rows.push([`spx audit, ${events}, --json`, `${Math.round(auditJson)} ms`, `spx calibrate --json: ${Math.round(calibrateJson)} ms → ${(auditJson / calibrateJson).toFixed(2)}×`, 'goal ≤ 1.2×']);
  }

  const open = 10_000;
  writeFileSync(join(work, 'open.csv'), openDealsCsv(open, 2));
  const [read, forecast] = compare(
    [
      [spx, 'audit', smb, 'open.csv', ...asOf, '--json'],
      [spx, 'forecast', smb, 'open.csv', ...asOf, '--runs-per-deal', '1000', '--json'],
    ],
    quick ? 1 : 3,
    work,
    1,
  );
  rows.push([`spx forecast, ${open.toLocaleString('en')} open deals × 1,000 runs`, `${Math.round(forecast)} ms`, `spx audit of the same file: ${Math.round(read)} ms`, 'goal ≤ 3 s']);
  for (const runs of ['1000', '5000']) {
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const [[one, oneCpu], [two, twoCpu]] = compareWithCpu(
      [
        [spx, 'forecast', smb, 'open.csv', ...asOf, '--runs-per-deal', runs, '--json', '--workers', '1'],
        [spx, 'forecast', smb, 'open.csv', ...asOf, '--runs-per-deal', runs, '--json', '--workers', '2'],
      ],
      quick ? 1 : 7,
      work,
    );
    const cpu = (ms) => `CPU ${Math.round(ms)} ms`;
    rows.push([
      `spx forecast --workers 2, × ${runs} runs`,
      `${Math.round(two)} ms (${cpu(twoCpu)})`,
      `--workers 1: ${Math.round(one)} ms (${cpu(oneCpu)}) → ${(one / two).toFixed(2)}× (load average ${load} at the start)`,
      'goal ≥ 1.5×',
    ]);
  }

  // The forecast's core in-process: the simulation without start-up and reading.
  const process = lib.loadProcess('smb.yaml', readFileSync(smb, 'utf8')).process;
  const data = await lib.readDeals([{ file: 'open.csv', async *chunks() { yield readFileSync(join(work, 'open.csv')); } }], { asOf: Date.parse('2026-03-02T00:00:00Z') });
  // One thread, and two (this one and a worker started by the call, its start-up included), interleaved.
  const input = { processes: [process], deals: data.deals, asOf: Date.parse('2026-03-02T00:00:00Z'), runsPerDeal: 1000 };
  const workers = { workerFile: join(root, 'dist/forecast-worker.cjs'), workers: 2 };
  const oneThread = [];
  const twoThreads = [];
  for (let i = 0; i < (quick ? 1 : 5); i++) {
    let t0 = performance.now();
    lib.forecastDeals(input);
    oneThread.push(performance.now() - t0);
    t0 = performance.now();
    await lib.forecastDealsInWorkers(input, workers);
    twoThreads.push(performance.now() - t0);
  }
  const [one, two] = [median(oneThread), median(twoThreads)];
  rows.push(['forecastDeals in-process (10,000 × 1,000)', `${Math.round(one)} ms`, '', '']);
  rows.push(['forecastDealsInWorkers in-process, 2 threads (worker start included)', `${Math.round(two)} ms`, `one thread: ${Math.round(one)} ms → ${(one / two).toFixed(2)}×`, '']);
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const row of rows) console.log(row.join(' | '));

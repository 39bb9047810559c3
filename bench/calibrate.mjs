// Calibrate benchmark: `spx calibrate --json` on 1,000,000 and 2,000,000 events (PM4Py column names) against a
// vectorised pandas script computing the same shares and mean times (bench/calibrate-peer.py), and peak RSS.
// The event logs are synthesized from processes/smb.yaml with the library (deterministic, seed 1).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, root } from './timing.mjs';

const fmt = (ms) => `${ms.toFixed(0)} ms`;

/** Wall time and peak RSS (KiB, from GNU time when present) of a command. */
function measure(command, args) {
  const timeBin = '/usr/bin/time';
  const useTime = spawnSync(timeBin, ['-f', '%M', 'true']).status === 0;
  const start = process.hrtime.bigint();
  const run = useTime
    ? spawnSync(timeBin, ['-f', '%M', command, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 })
    : spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const rssKiB = useTime ? Number(run.stderr.toString().trim().split('\n').at(-1)) : NaN;
  return { ms, rssKiB };
}

/** An event log of about `events` events: whole deals of the SMB process under its CRM stage names, PM4Py column names. */
function eventLog(file, events) {
  // SMB deals have ~3.5 events on average; 100 new deals a business day from 2000 keeps every deal closed by 2030.
  const deals = Math.round(events / 3.5);
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin/spx.cjs'), 'synthesize', 'processes/smb.yaml', '--deals', String(deals), '--per-day', '100', '--start', '2000-01-03', '--as-of', '2030-01-01', '-o', file, '--force'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (run.status !== 0) throw new Error(`spx synthesize exited ${run.status}: ${run.stderr}`);
  const text = readFileSync(file, 'utf8');
  const body = text.slice(text.indexOf('\n') + 1);
  writeFileSync(file, `case:concept:name,concept:name,time:timestamp,case:owner,case:amount,case:currency,case:pipeline,case:next_activity_at\n${body}`);
  return body.split('\n').length - 1;
}

export async function benchCalibrate({ quick = false } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-calibrate-'));
  const rows = [];
  try {
    const sizes = quick ? [100_000, 200_000] : [1_000_000, 2_000_000];
    const runs = quick ? 1 : 3;
    // Debian's python3-pandas belongs to /usr/bin/python3, which may not be the python3 first on PATH.
    const python = ['/usr/bin/python3', 'python3'].find((bin) => spawnSync(bin, ['-c', 'import pandas, numpy']).status === 0);
    const pandas = python !== undefined;
    const results = [];
    for (const size of sizes) {
      const file = join(work, `events-${size}.csv`);
      const events = eventLog(file, size);
      const spxRuns = [];
      const peerRuns = [];
      for (let i = 0; i < runs; i++) {
        spxRuns.push(measure(process.execPath, [join(root, 'bin/spx.cjs'), 'calibrate', 'processes/smb.yaml', file, '--as-of', '2030-01-01', '--json']));
        if (pandas) peerRuns.push(measure(python, [join(root, 'bench/calibrate-peer.py'), file, 'closedwon,closedlost']));
      }
      const spxMs = median(spxRuns.map((r) => r.ms));
      const rss = Math.max(...spxRuns.map((r) => r.rssKiB)) / 1024;
      results.push(spxMs);
      const peer = pandas ? median(peerRuns.map((r) => r.ms)) : undefined;
      rows.push([
        `spx calibrate --json, ${events.toLocaleString('en-US')} events`,
        fmt(spxMs),
        peer === undefined ? 'pandas peer: python3-pandas not installed' : `pandas: ${fmt(peer)}`,
        `${peer === undefined ? '' : `${(spxMs / peer).toFixed(2)}× pandas (goal ≤ 0.67×); `}peak RSS ${rss.toFixed(0)} MB`,
      ]);
    }
    rows.push([`calibrate time(${sizes[1]}) / time(${sizes[0]})`, (results[1] / results[0]).toFixed(2), 'goal ≤ 2.2 (linear); RSS goal ≤ 600 MB at 2M', '']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

// `node bench/calibrate.mjs` runs this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchCalibrate({ quick: process.argv.includes('--quick') })) console.log(row.join('  '));
}

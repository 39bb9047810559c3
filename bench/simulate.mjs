// Benchmarks of `spx simulate`, each beside a baseline measured in the same run:
// (a) simulation throughput in deal-steps/s on processes/enterprise.yaml, one thread, against the raw draws/s of
//     the same PRNG (goal ≥ 25%); (b) wall time of 10^6 enterprise deals through the CLI with one worker,
//     node start-up included, against 0.5 s (two thirds of a vectorised numpy run's 0.75 s);
// and, without --quick, (c) --workers 2 against --workers 1 on 10^7 deals and (d) peak RSS at 10^7 against 10^5 deals.
// Called from bench/run.mjs; `node bench/simulate.mjs [--quick]` runs it alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { compare as compareFrom, median, root, timeOnce } from './timing.mjs';

/** One warm-up run is enough here: the simulate runs are long. */
const compare = (commands, runs) => compareFrom(commands, runs, root, 1);

const spx = join(root, 'bin/spx.cjs');
const ENTERPRISE = join(root, 'processes/enterprise.yaml');

/** The simulator's own modules, bundled from the sources (the library API does not expose the kernel). */
async function loadKernel(work) {
  const entry = `
    export { loadProcess } from './src/model/process-file.ts';
    export { compileModel } from './src/simulate/model.ts';
    export { DealSimulator } from './src/simulate/engine.ts';
    export { Xoshiro128, chunkState } from './src/simulate/rng.ts';`;
  const outfile = join(work, 'kernel.mjs');
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(pathToFileURL(outfile).href);
}

/** Best of `rounds` timings of `work()` (which returns how many units it did), in units per second. */
function bestRate(rounds, work) {
  let best = 0;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    const units = work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, units / seconds);
  }
  return best;
}

/** Peak resident memory (KB) of an spx run, read in the same process at exit. */
function peakRss(args) {
  const probe = `process.on('exit', () => process.stderr.write('maxRSS ' + process.resourceUsage().maxRSS + '\\n')); require(${JSON.stringify(spx)});`;
  const run = spawnSync(process.execPath, ['-e', probe, 'spx', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const match = /maxRSS (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !match) throw new Error(`spx ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return Number(match[1]);
}

const fmtRate = (perSecond) => `${(perSecond / 1e6).toFixed(1)} M/s`;
const fmtMs = (ms) => `${ms.toFixed(0)} ms`;

/** Rows of [label, value, baseline, note], as bench/run.mjs prints them. */
export async function benchSimulate({ quick = false } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-simulate-'));
  const rows = [];
  try {
    const kernel = await loadKernel(work);
    const process_ = kernel.loadProcess('enterprise.yaml', readFileSync(ENTERPRISE)).process;
    const rounds = quick ? 3 : 7;

    // (a) Raw generator against the simulation, same thread, same run. The raw rate is the fastest of one call per
    // draw, a block fill and an inline loop (what the kernel does); the simulation is 100 chunks of 10,000 deals,
    // after a warm-up.
    const rng = new kernel.Xoshiro128(kernel.chunkState(1, 0));
    let sink = 0;
    const perCall = bestRate(rounds, () => {
      let sum = 0;
      for (let i = 0; i < 5e7; i++) sum += rng.nextU32();
      sink += sum;
      return 5e7;
    });
    const block = new Int32Array(1024);
    const perFill = bestRate(rounds, () => {
      let sum = 0;
      for (let i = 0; i < 5e4; i++) {
        rng.fill(block);
        sum += block[i & 1023];
      }
      sink += sum;
      return 5e4 * 1024;
    });
    // The kernel generates its draws inline, with the state in local variables: the same generator, written out in
    // a loop that only sums its outputs. Checked against Xoshiro128 first, so it is the same sequence.
    const [a0, a1, a2, a3] = kernel.chunkState(1, 1);
    const reference = new kernel.Xoshiro128([a0, a1, a2, a3]);
    const inline = (count, state) => {
      let [s0, s1, s2, s3] = state;
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const product = Math.imul(s1, 5);
        sum = (sum + Math.imul((product << 7) | (product >>> 25), 9)) | 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
      }
      state[0] = s0;
      state[1] = s1;
      state[2] = s2;
      state[3] = s3;
      return sum;
    };
    let expected = 0;
    for (let i = 0; i < 1000; i++) expected = (expected + reference.nextU32()) | 0;
    if (inline(1000, [a0, a1, a2, a3]) !== expected) throw new Error('the inline raw loop is not xoshiro128**');
    const inlineState = [a0, a1, a2, a3];
    const perInline = bestRate(rounds, () => {
      sink += inline(5e7, inlineState);
      return 5e7;
    });
    const raw = Math.max(perCall, perFill, perInline);
    globalThis.spxBenchSink = sink; // keeps the draws observable, so no loop can be optimised away
    const simulator = new kernel.DealSimulator(kernel.compileModel(process_));
    for (let c = 0; c < 20; c++) simulator.runChunk(1, c, 10_000);
    const dealSteps = bestRate(rounds, () => {
      let steps = 0;
      for (let c = 0; c < 100; c++) steps += simulator.runChunk(1, c, 10_000).dealSteps;
      return steps;
    });
    rows.push([
      'simulate: deal-steps/s, enterprise, 1 thread',
      fmtRate(dealSteps),
      `raw xoshiro128** draws: ${fmtRate(raw)} (call ${fmtRate(perCall)}, block ${fmtRate(perFill)}, inline ${fmtRate(perInline)})`,
      `${((dealSteps / raw) * 100).toFixed(1)}% of raw (goal ≥ 25%)`,
    ]);

    // (b) The CLI end to end, one worker, node start-up included.
    const [wall, node] = compare(
      [
        [spx, 'simulate', ENTERPRISE, '--deals', '1000000', '--workers', '1', '--json'],
        ['-e', '0'],
      ],
      quick ? 3 : 9,
    );
    rows.push(['spx simulate enterprise --deals 1000000 --workers 1', fmtMs(wall), `goal ≤ 500 ms (numpy: 750 ms); node -e 0: ${fmtMs(node)}`, `${(wall / 500).toFixed(2)}× the goal`]);

    if (!quick) {
      // (c) Scaling with threads on 10^7 deals.
      const [one, two] = compare(
        [
          [spx, 'simulate', ENTERPRISE, '--deals', '10000000', '--workers', '1', '--json'],
          [spx, 'simulate', ENTERPRISE, '--deals', '10000000', '--workers', '2', '--json'],
        ],
        3,
      );
      rows.push(['spx simulate enterprise --deals 1e7 --workers 2', fmtMs(two), `--workers 1: ${fmtMs(one)}`, `${(one / two).toFixed(2)}× faster (goal ≥ 1.7× on 2 cores; ${availableParallelism()} here)`]);

      // (d) Constant memory: peak RSS at 10^7 against 10^5 deals, one worker.
      const small = peakRss(['simulate', ENTERPRISE, '--deals', '100000', '--workers', '1', '--json']);
      const large = peakRss(['simulate', ENTERPRISE, '--deals', '10000000', '--workers', '1', '--json']);
      rows.push(['spx simulate peak RSS, 1e7 deals', `${(large / 1024).toFixed(1)} MB`, `1e5 deals: ${(small / 1024).toFixed(1)} MB`, `${(large / small).toFixed(2)}× (goal ≤ 1.2×)`]);
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export default benchSimulate;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchSimulate({ quick: process.argv.includes('--quick') });
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

// spx benchmarks. Every figure is printed beside a baseline measured in the same run, so results
// compare across machines: start-up against `node -e 0`, scale against the same command at half size.
// Run with `npm run bench` (after `npm install`, which builds dist/). Timings never go into unit tests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCalibrate } from './calibrate.mjs';
import { benchDiff } from './diff.mjs';
import { benchReport } from './report.mjs';
import { compare, root } from './timing.mjs';
import { generateProcessYaml } from './fixtures/generate-process.mjs';
import { benchSimulate } from './simulate.mjs';

const spx = join(root, 'bin/spx.cjs');
const quick = process.argv.includes('--quick');

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const rows = [];

// 1. Start-up: linting one process against doing nothing in node.
{
  const [baseline, lint] = compare([['-e', '0'], [spx, 'lint', 'processes/enterprise.yaml']], quick ? 10 : 40);
  rows.push(['spx lint processes/enterprise.yaml', fmt(lint), `node -e 0: ${fmt(baseline)}`, `${(lint / baseline).toFixed(2)}× (goal ≤ 1.5×)`]);
}

// 2. Many files in one process: 1,000 vs 2,000 generated ~20-step processes.
{
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-'));
  const sizes = quick ? [200, 400] : [1000, 2000];
  const times = [];
  for (const count of sizes) {
    const dir = join(work, String(count));
    mkdirSync(dir);
    for (let i = 0; i < count; i++) {
      writeFileSync(join(dir, `p${i}.yaml`), generateProcessYaml(20, { seed: i + 1 }).replace(/^  name: .*$/m, `  name: bench-${i}`));
    }
    const [ms] = compare([[spx, 'lint', dir, '--format', 'json', '-o', join(work, `${count}.json`), '--force']], quick ? 1 : 3, work);
    times.push(ms);
    rows.push([`spx lint on ${count} files of 20 steps`, fmt(ms), `${Math.round((count / ms) * 1000)} files/s`, '']);
  }
  rows.push([`time(${sizes[1]}) / time(${sizes[0]})`, (times[1] / times[0]).toFixed(2), 'goal ≤ 2 (no quadratic rule)', '']);
  rmSync(work, { recursive: true, force: true });
}

// 3. Exact metrics + minimal path on one large process: 5,000 vs 10,000 steps.
{
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-'));
  const sizes = quick ? [1000, 2000] : [5000, 10000];
  const times = [];
  for (const steps of sizes) {
    const file = join(work, `big-${steps}.yaml`);
    writeFileSync(file, generateProcessYaml(steps, { seed: steps }));
    const [ms, baseline] = compare([[spx, 'path', file, '--json'], ['-e', '0']], quick ? 1 : 5, work);
    times.push(ms);
    rows.push([`spx path on a ${steps}-step process`, fmt(ms), `node -e 0: ${fmt(baseline)}`, '']);
  }
  rows.push([`time(${sizes[1]}) / time(${sizes[0]})`, (times[1] / times[0]).toFixed(2), 'goal ≈ 2 (near-linear)', '']);
  rmSync(work, { recursive: true, force: true });
}

// 3b. Sensitivity (two adjoint solves, every lever, capacity) against `spx path` on the same 5,000-step process.
{
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-'));
  const steps = quick ? 1000 : 5000;
  const file = join(work, `big-${steps}.yaml`);
  writeFileSync(file, generateProcessYaml(steps, { seed: steps }));
  const [path, sensitivity] = compare([[spx, 'path', file, '--json'], [spx, 'sensitivity', file, '--json']], quick ? 1 : 5, work);
  rows.push([`spx sensitivity on a ${steps}-step process`, fmt(sensitivity), `spx path: ${fmt(path)}`, `${(sensitivity / path).toFixed(2)}× (goal ≤ 3×)`]);
  rmSync(work, { recursive: true, force: true });
}

// 4. Findings at scale: every step of a 4,000 vs 8,000-step process has findings (unreachable, no exit criteria,
// an unscheduled next step), so locating and rendering findings must stay linear too. (Not 10,000: with the
// bundled steps that would pass the 10,000-step limit and be one schema finding.)
{
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-'));
  const sizes = quick ? [1000, 2000] : [4000, 8000];
  const times = [];
  for (const steps of sizes) {
    const file = join(work, `findings-${steps}.yaml`);
    const header = readFileSync(join(root, 'processes/smb.yaml'), 'utf8');
    const extra = Array.from({ length: steps }, (_, i) => `  extra-${i + 1}: { owner: ae, duration: 1, next: [{ to: discovery }] }\n`).join('');
    writeFileSync(file, header.replace('\nsteps:\n', `\nsteps:\n${extra}`));
    const [ms] = compare([[spx, 'lint', file, '--format', 'json', '-o', join(work, 'out.json'), '--force']], quick ? 1 : 3, work);
    times.push(ms);
    rows.push([`spx lint, ${steps} steps with findings on each`, fmt(ms), '', '']);
  }
  rows.push([`time(${sizes[1]}) / time(${sizes[0]})`, (times[1] / times[0]).toFixed(2), 'goal ≈ 2 (no quadratic locate)', '']);
  rmSync(work, { recursive: true, force: true });
}

rows.push(...(await benchSimulate({ quick })));
rows.push(...(await benchDiff({ quick })));
rows.push(...(await benchCalibrate({ quick })));
rows.push(...(await benchReport({ quick })));

const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());

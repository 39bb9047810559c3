// Benchmark of `spx report`: the HTML report for processes/enterprise.yaml with 10^5 simulated deals against
// `spx simulate` with the same deals (goal ≤ 1.5× its wall time), and the size of the page (goal ≤ 150 KB).
// Called from bench/run.mjs; `node bench/report.mjs [--quick]` runs it alone.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compare, root } from './timing.mjs';

const spx = join(root, 'bin/spx.cjs');

export async function benchReport({ quick = false } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'spx-bench-report-'));
  const page = join(work, 'report.html');
  const deals = '100000';
  const [simulate, report] = compare(
    [
      [spx, 'simulate', 'processes/enterprise.yaml', '--deals', deals, '--json'],
      [spx, 'report', 'processes/enterprise.yaml', '--deals', deals, '-o', page, '--force'],
    ],
    quick ? 5 : 15,
  );
  const kb = statSync(page).size / 1024;
  rmSync(work, { recursive: true, force: true });
  return [
    ['spx report processes/enterprise.yaml --deals 1e5', `${report.toFixed(1)} ms`, `spx simulate, same deals: ${simulate.toFixed(1)} ms`, `${(report / simulate).toFixed(2)}× (goal ≤ 1.5×)`],
    ['spx report page size, enterprise', `${kb.toFixed(1)} KB`, '', 'goal ≤ 150 KB'],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchReport({ quick: process.argv.includes('--quick') })) console.log(row.join('  '));
}

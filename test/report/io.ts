// The report tests' way to run spx in-process (a fixed clock and SOURCE_DATE_EPOCH), and their synthetic deal histories.
import { resolve } from 'node:path';
import { spxIn as runInProcess, type InProcessRun } from '../cli/in-process.js';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `spx ARGS` in-process; SOURCE_DATE_EPOCH is fixed unless `env` says otherwise. */
export function spxIn(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<InProcessRun> {
  return runInProcess(args, { cwd: options.cwd ?? ROOT, env: { SOURCE_DATE_EPOCH: '1796083200', ...options.env }, now: '2026-11-27T09:30:00Z' });
}

/** The JSON of a report's `#spx-data` block. */
export function reportJson(html: string): { generatedAt: string; processes: { file: string; title: string; path: unknown; simulation: Record<string, unknown>; lint: unknown[] }[] } {
  const match = /<script type="application\/json" id="spx-data">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error('no spx-data block');
  return JSON.parse(match[1]!);
}

/**
 * Deal histories of a bundled process as its CRM would export them (an events CSV; stages and outcomes named as
 * its `crm.stages` maps them; owners, amounts in EUR and USD, and a next activity for all but every fifth deal),
 * synthesized with a fixed seed: data for `spx report --history`.
 */
export async function syntheticHistory(processFile: string, csvFile: string, deals = 400): Promise<void> {
  const { eventsCsv, loadProcess, observedMapping, synthesizeDeals } = await import('../../src/index.js');
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { process } = loadProcess(processFile, readFileSync(resolve(ROOT, processFile)));
  const mapping = observedMapping(process!);
  const outcomeStage = new Map([...(process!.crm?.stages ?? new Map<string, readonly string[]>())].filter(([, ids]) => ids.length === 1 && process!.outcomes.has(ids[0]!)).map(([stage, ids]) => [ids[0]!, stage]));
  const history = synthesizeDeals(process!, {
    deals,
    seed: 3,
    start: Date.parse('2026-01-05T09:00:00Z'),
    spacingDays: 0.5,
    asOf: Date.parse('2026-11-30T00:00:00Z'),
    stageOf: (step) => mapping.groupOfStep.get(step),
    outcomeStageOf: (outcome) => outcomeStage.get(outcome) ?? outcome,
  });
  const nextActivityAt = Date.parse('2026-12-02T10:00:00Z');
  const crm = history.map((deal, i) => ({
    ...deal,
    owner: ['ana', 'bo', 'chen'][i % 3],
    amount: 20_000 + (i % 7) * 5_000,
    currency: i % 4 === 0 ? 'USD' : 'EUR',
    ...(i % 5 === 0 ? {} : { nextActivityAt }),
  }));
  writeFileSync(csvFile, eventsCsv(crm));
}

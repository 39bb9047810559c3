// Shared by the CRM pipeline tests: the bundled processes, a fake Io for in-process runs, a long-chain process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProcess } from '../../src/model/process-file.js';
import type { Process } from '../../src/model/types.js';
import { spxIn as runInProcess } from '../cli/in-process.js';
import { ROOT } from '../cli/run-cli.js';

export const BUNDLED = ['smb', 'mid-market', 'enterprise'] as const;

export function bundledText(name: string): string {
  return readFileSync(join(ROOT, 'processes', `${name}.yaml`), 'utf8');
}

export function processOf(text: string, file = 'test.yaml'): Process {
  const loaded = loadProcess(file, text);
  if (!loaded.process) throw new Error(`${file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.process;
}

/** Runs spx in-process in `cwd`; returns the exit code and what it printed. */
export async function spxIn(cwd: string, args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const run = await runInProcess(args, { cwd, now: '2026-06-01T00:00:00Z' });
  return { code: run.code, out: run.stdout, err: run.stderr };
}

/** A valid process whose steps form a chain of `n` steps (each its own CRM stage, named by its id). */
export function chainProcess(n: number): string {
  const steps = Array.from({ length: n }, (_, i) => {
    const last = i === n - 1;
    const next = last ? `[{ to: won, p: 0.5, within: 1 }, { to: lost, p: 0.5 }]` : `[{ to: s${i + 2}, p: 0.9, within: 1 }, { to: lost, p: 0.1 }]`;
    return `  s${i + 1}:\n    owner: ae\n    with: [champion]\n    duration: 1\n    exitCriteria: [done]\n${last ? '    ask: true\n' : ''}    next: ${next}\n`;
  }).join('');
  return `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: chain, version: 1.0.0, segment: other }
roles:
  seller: { ae: Account executive }
  buyer: { champion: { title: Champion, decisionMaker: true } }
start: s1
steps:
${steps}outcomes:
  won: { result: won }
  lost: { result: lost }
`;
}

export const VENDORS = ['hubspot', 'salesforce', 'pipedrive'] as const;

/** Each stage's name, kind and the probability the vendor's file gives it. */
export function vendorStages(vendor: (typeof VENDORS)[number], files: readonly { path: string; contents: string }[]): [string, string, number][] {
  if (vendor === 'hubspot') {
    return JSON.parse(files[0]!.contents).stages.map((s: { label: string; metadata: { probability: string; isClosed: string } }) => [
      s.label,
      s.metadata.isClosed === 'true' ? (s.metadata.probability === '1.0' ? 'won' : 'lost') : 'open',
      Number(s.metadata.probability),
    ]);
  }
  if (vendor === 'pipedrive') return JSON.parse(files[0]!.contents).map((s: { name: string; deal_probability: number }) => [s.name, 'open', s.deal_probability / 100]);
  return [...files[0]!.contents.matchAll(/<fullName>(.*?)<\/fullName>[\s\S]*?<closed>(.*?)<\/closed>[\s\S]*?<probability>(\d+)<\/probability>\s*<won>(.*?)<\/won>/g)].map((m) => [
    m[1]!,
    m[2] === 'true' ? (m[4] === 'true' ? 'won' : 'lost') : 'open',
    Number(m[3]) / 100,
  ]);
}

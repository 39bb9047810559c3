// Diagrams that stay readable: `dot -Tpng` of the default enterprise graph is at most 1,600 px wide, and a generated
// 60-step process is narrow, bounded in height, with its gate list wrapped. Needs Graphviz (CI installs it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

const hasDot = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
const SKIPPED = hasDot ? '' : ' (skipped: Graphviz `dot` is not installed; apt-get install graphviz)';

/** Renders DOT text as PNG and reads its size from the IHDR chunk: width and height, big-endian, at bytes 16 and 20. */
function pngSize(dot: string): { width: number; height: number } {
  const run = spawnSync('dot', ['-Tpng'], { input: dot, timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  expect(run.status, String(run.stderr)).toBe(0);
  const png = run.stdout;
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const ROLES = ['champion', 'economic-buyer', 'users', 'it', 'security', 'legal', 'procurement', 'finance'];

/** A linear 60-step process with a fork every ten steps, a loss from each step, and an ask gated on eight roles. */
function sixtySteps(): string {
  const lines = [
    'apiVersion: spx/v1',
    'kind: SalesProcess',
    'metadata: { name: long-60, version: 1.0.0, segment: enterprise }',
    'roles:',
    '  seller: { ae: Account executive }',
    '  buyer:',
    ...ROLES.map((r) => `    ${r}: { title: ${r}${r === 'economic-buyer' ? ', decisionMaker: true' : ''} }`),
    'start: step-1',
    'steps:',
  ];
  for (let i = 1; i < 60; i++) {
    const next = i % 10 === 5 ? [`{ to: step-${i + 1}, p: 0.5, within: 2 }`, `{ to: step-${i + 2}, p: 0.4, within: 3 }`] : [`{ to: step-${i + 1}, p: 0.9, within: 2 }`];
    next.push(`{ to: lost, p: 0.1, reason: reason-${i} }`);
    const kind = i === 30 ? 'demo' : 'other';
    lines.push(`  step-${i}: { title: "Step ${i} of the long process", kind: ${kind}, owner: ae, with: [${ROLES[i % 8]}, ${ROLES[(i + 3) % 8]}], duration: 2, exitCriteria: [Done], next: [${next.join(', ')}] }`);
  }
  lines.push(
    `  step-60: { title: Ask for the contract, kind: close, ask: true, owner: ae, with: [economic-buyer, legal], requires: { involved: [${ROLES.join(', ')}] }, duration: 2, exitCriteria: [Signed], next: [{ to: won, p: 0.8 }, { to: lost, p: 0.2, reason: no-decision }] }`,
    'outcomes: { won: { result: won }, lost: { result: lost } }',
    '',
  );
  return lines.join('\n');
}

describe(`graph sizes with dot -Tpng${SKIPPED}`, () => {
  it.skipIf(!hasDot)('the enterprise diagram, with the default options, is at most 1,600 px wide', async () => {
    const run = await spxIn(['graph', 'processes/enterprise.yaml', '--format', 'dot']);
    expect(run.code).toBe(0);
    const { width, height } = pngSize(run.stdout);
    expect(width).toBeLessThanOrEqual(1600);
    expect(height).toBeLessThanOrEqual(1600);
  });

  it.skipIf(!hasDot)('every bundled process and example fits 1,600 px wide, in either format', async () => {
    for (const file of ['processes/smb.yaml', 'processes/mid-market.yaml', 'examples/enterprise-healthcare.yaml', 'examples/partner-mid-market.yaml']) {
      const run = await spxIn(['graph', file, '--format', 'dot']);
      expect(pngSize(run.stdout).width, file).toBeLessThanOrEqual(1600);
    }
  });

  it.skipIf(!hasDot)('a 60-step process: narrow, bounded in height, losses beside their steps, the gate wrapped', async () => {
    const dir = tempDir({});
    mkdirSync(join(dir, 'processes'));
    writeFileSync(join(dir, 'processes/long-60.yaml'), sixtySteps());
    const run = await spxIn(['graph', 'processes/long-60.yaml', '--format', 'dot'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('rankdir="TB"');
    // 60 losses into one shared node would cross the chart: each step gets its own small terminal.
    expect(run.stdout).toContain('"lost@step-1" [label="lost"');
    expect(run.stdout).toContain('ask · gate: champion,\\neconomic-buyer, users, it, security,\\nlegal, procurement, finance');
    const { width, height } = pngSize(run.stdout);
    expect(width).toBeLessThanOrEqual(1000);
    // About one 125 px rank a step.
    expect(height).toBeLessThanOrEqual(60 * 150);
  });
});

describe('graph layout defaults (auto)', () => {
  it('draws a short process left to right and a long one top to bottom', async () => {
    const dir = tempDir({});
    writeFileSync(
      join(dir, 'short.yaml'),
      [
        'apiVersion: spx/v1',
        'kind: SalesProcess',
        'metadata: { name: short, version: 1.0.0, segment: smb }',
        'roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true } } }',
        'start: demo',
        'steps:',
        '  demo: { title: Demo, kind: demo, owner: ae, with: [owner], duration: 1, exitCriteria: [Seen], next: [{ to: close, p: 1, within: 1 }] }',
        '  close: { title: Close, kind: close, ask: true, owner: ae, with: [owner], duration: 1, exitCriteria: [Signed], next: [{ to: won, p: 0.5 }, { to: lost, p: 0.5, reason: no-fit }] }',
        'outcomes: { won: { result: won }, lost: { result: lost } }',
        '',
      ].join('\n'),
    );
    expect((await spxIn(['graph', join(dir, 'short.yaml')])).stdout.startsWith('flowchart LR\n')).toBe(true);
    expect((await spxIn(['graph', 'processes/smb.yaml'])).stdout.startsWith('flowchart TB\n')).toBe(true);
    expect((await spxIn(['graph', 'processes/smb.yaml', '--direction', 'LR'])).stdout.startsWith('flowchart LR\n')).toBe(true);
    // Few losses share one node; --lost shared forces it.
    expect((await spxIn(['graph', 'processes/enterprise.yaml', '--format', 'dot'])).stdout).toContain('"lost" [label="lost"');
  });
});

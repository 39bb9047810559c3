// spx graph layout options in-process: --lost shared|per-step|hidden, --direction TB, several files in one call.
import { describe, expect, it } from 'vitest';
import { spxIn } from './in-process.js';

const SMB = 'processes/smb.yaml';

describe('spx graph --lost', () => {
  it('per-step: a small terminal beside each step instead of one shared lost node', async () => {
    const shared = (await spxIn(['graph', SMB])).stdout;
    const perStep = (await spxIn(['graph', SMB, '--lost', 'per-step'])).stdout;
    const lostEdges = (text: string) => text.split('\n').filter((l) => / -->\|.*\| s_lost/.test(l));
    expect(lostEdges(shared).every((l) => l.endsWith('| s_lost'))).toBe(true);
    // Each step with a loss gets its own terminal node, drawn as a small circle.
    const targets = lostEdges(perStep).map((l) => l.split('| ').at(-1));
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets.length).toBe(lostEdges(shared).length);
    expect(perStep).toContain('  s_lost_discovery(("lost"))');
    expect(perStep).not.toContain('  s_lost(["lost"])');
    expect(perStep).toMatch(/class .*s_lost_discovery.* lost/);
  });

  it('hidden: no edge to a loss and no lost node; won stays', async () => {
    const text = (await spxIn(['graph', SMB, '--lost', 'hidden'])).stdout;
    expect(text).not.toMatch(/s_lost/);
    expect(text).toMatch(/-->\|.*\| s_won/);
  });

  it('per-step in DOT: small terminals with the lost style', async () => {
    const text = (await spxIn(['graph', SMB, '--format', 'dot', '--lost', 'per-step'])).stdout;
    expect(text).toMatch(/"lost@discovery" \[label="lost", shape="ellipse", style="filled", .*fontsize=8/);
    expect(text).toContain('-> "lost@discovery"');
  });
});

describe('spx graph --direction', () => {
  it('TB lays the chart out top to bottom in both formats', async () => {
    expect((await spxIn(['graph', SMB, '--direction', 'TB'])).stdout.startsWith('flowchart TB\n')).toBe(true);
    expect((await spxIn(['graph', SMB, '--format', 'dot', '--direction', 'TB'])).stdout).toContain('rankdir="TB"');
  });
});

describe('spx graph with several files', () => {
  it('prints one diagram per file, a blank line apart', async () => {
    const run = await spxIn(['graph', 'processes/smb.yaml', 'processes/mid-market.yaml', '--format', 'dot']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/^digraph /gm)).toEqual(['digraph ', 'digraph ']);
    expect(run.stdout).toContain('}\n\ndigraph "mid-market" {');
  });
});

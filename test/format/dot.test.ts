// The DOT renderer: golden graphs of the bundled processes, quoting and escaping, and Graphviz accepting the output.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatDot } from '../../src/format/dot.js';
import type { Process } from '../../src/model/types.js';
import { awkwardProcess, BUNDLED, bundled, foundPath } from './graph-fixtures.js';

/** A DOT double-quoted string. */
const STRING = '"(?:[^"\\\\]|\\\\.)*"';
const VALUE = `(?:${STRING}|-?\\d+(?:\\.\\d+)?)`;
const ATTRS = `\\[[a-z]+=${VALUE}(?:, [a-z]+=${VALUE})*\\]`;

interface Graph {
  readonly nodes: string[];
  readonly clusters: string[];
  readonly edges: { from: string; to: string; attrs: string }[];
}

/** Fails on any line that is not a form the renderer may write: every id must be a quoted, escaped string. */
function parseGraph(text: string): Graph {
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  expect(lines[0]).toMatch(new RegExp(`^digraph ${STRING} \\{$`));
  expect(lines.at(-1)).toBe('}');
  const graph: Graph = { nodes: [], clusters: [], edges: [] };
  let depth = 1;
  const forms: [RegExp, (m: RegExpExecArray) => void][] = [
    [new RegExp(`^(?:graph|node|edge) ${ATTRS}$`), () => {}],
    [new RegExp(`^subgraph (${STRING}) \\{$`), (m) => (graph.clusters.push(JSON.parse(m[1]!)), depth++)],
    [/^\}$/, () => (depth--, expect(depth).toBeGreaterThanOrEqual(1))],
    [new RegExp(`^(${STRING}) -> (${STRING}) (${ATTRS})$`), (m) => graph.edges.push({ from: unquote(m[1]!), to: unquote(m[2]!), attrs: m[3]! })],
    [new RegExp(`^(${STRING}) ${ATTRS}$`), (m) => graph.nodes.push(unquote(m[1]!))],
  ];
  for (const line of lines.slice(1, -1)) {
    const trimmed = line.trim();
    const form = forms.find(([pattern]) => pattern.test(trimmed));
    expect(form, `unexpected line: ${line}`).toBeDefined();
    form![1](form![0].exec(trimmed)!);
  }
  expect(depth).toBe(1);
  return graph;
}

/** DOT's escapes as the renderer writes them (\\, \", \n) read back. */
function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

const hasDot = spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;

function renderSvg(dot: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function counts(process: Process) {
  const steps = [...process.steps.values()];
  return {
    nodes: steps.reduce((n, s) => n + (s.parallel.length > 0 ? s.parallel.length : 1), 0) + process.outcomes.size,
    clusters: steps.filter((s) => s.parallel.length > 0).length,
    edges: steps.reduce((n, s) => n + s.next.length, 0),
  };
}

describe('formatDot on the bundled processes', () => {
  it.each(BUNDLED)('%s matches its golden graph, with and without the minimal path', async (name) => {
    const process = bundled(name);
    await expect(formatDot(process)).toMatchFileSnapshot(`__golden__/${name}.dot`);
    await expect(formatDot(process, foundPath(process))).toMatchFileSnapshot(`__golden__/${name}.minimal-path.dot`);
  });

  it.each(BUNDLED)('%s quotes every id and draws every step, track, outcome and transition', (name) => {
    const process = bundled(name);
    const graph = parseGraph(formatDot(process));
    const expected = counts(process);
    expect(graph.nodes).toHaveLength(expected.nodes);
    expect(graph.clusters).toHaveLength(expected.clusters);
    expect(graph.edges).toHaveLength(expected.edges);
    expect(new Set(graph.nodes).size).toBe(graph.nodes.length);
  });

  it('draws the enterprise reviews as a cluster entered and left through lhead/ltail', () => {
    const text = formatDot(bundled('enterprise'));
    expect(text).toContain('  subgraph "cluster_reviews" {\n    graph [label="Security, legal and commercial reviews\\nowner: ae", style="rounded,dashed"');
    expect(text).toContain('    "reviews/security" [label="security\\nowner: se\\nbuyers: security, it"]');
    expect(text).toContain('  "technical-validation" -> "reviews/legal" [label="p 0.8 · 5d (2–10)", weight=4, lhead="cluster_reviews"]');
    expect(text).toContain('  "reviews/legal" -> "lost" [label="p 0.15 · failed-review", ltail="cluster_reviews"]');
    expect(text).toMatch(/ {2}"contract" \[label="Ask for the signed contract\\nowner: ae\\nbuyers: economic-buyer, legal\\nask · gate: .*\\nafter: reviews", shape="hexagon"/);
    expect(text).toContain('  "won" [label="won", shape="ellipse", style="filled", fillcolor="#dcfce7", color="#15803d", fontcolor="#14532d"]');
    expect(text).not.toContain('penwidth');
  });

  it('highlights exactly the path: its nodes, its cluster, its transitions, and sums it up in the graph label', () => {
    const process = bundled('enterprise');
    const path = foundPath(process);
    const text = formatDot(process, path);
    const graph = parseGraph(text);
    const highlighted = graph.edges.filter((e) => e.attrs.includes('penwidth=3')).map((e) => `${e.from}>${e.to}`);
    expect(highlighted).toEqual([
      'discovery>solution-demos',
      'solution-demos>technical-validation',
      'technical-validation>reviews/legal',
      'reviews/legal>executive-alignment',
      'executive-alignment>contract',
      'contract>won',
    ]);
    expect(text).toMatch(/graph \[label="Security, legal and commercial reviews\\nowner: ae", style="rounded,dashed", color="#d97706", .*penwidth=3\]/);
    expect(text).toContain(`minimal path (orange): 6 steps · ${path.expectedDays.toFixed(1)} business days expected`);
  });
});

describe('formatDot with awkward ids and titles', () => {
  const process = awkwardProcess();
  const text = formatDot(process, foundPath(process));

  it('quotes and escapes ids, keeping them distinct', () => {
    const graph = parseGraph(text);
    expect(graph.nodes).toEqual(['a-b', 'a_b', 'a.b/x-1', 'a.b/x_1', 'end', 'won', 'dropped', 'lost']);
    expect(graph.clusters).toEqual(['cluster_a.b']);
    expect(text.split('\n')[0]).toBe('digraph "awk\\"ward" {');
  });

  it('escapes quotes and backslashes so DOT escapes in titles stay literal; keeps unicode and markup as text', () => {
    expect(text).toContain('"a-b" [label="Say \\"hi\\" [now] <b>bold</b> #1; {x} & more\\nowner: ae\\nbuyers: chef-de-cuisine"');
    expect(text).toContain('"a_b" [label="Café ✓ — naïve 日本 `code` | pipe\\nowner: ae"');
    expect(text).toContain('graph [label="Back\\\\slash \\\\n \\\\l \\"\\\\\\" %% end\\nowner: ae"');
    expect(text).toContain('"a.b/x_1" [label="x_1\\nbuyers: legal \\"team\\""]');
    expect(text).toContain('"end" -> "dropped" [label="p 0.3 · no | \\"budget\\""]');
    // A loop on a parallel step is drawn on its middle track, unclipped (Graphviz warns about clipping a loop).
    expect(text).toContain('"a.b/x-1" -> "a.b/x-1" [label="p 0.1 · 1d", weight=4]');
    expect(text).toContain('label="Awkward \\"process\\" \\\\ <test>\\nawk\\"ward 1.0.0\\n');
  });

  it('keeps distinct ids distinct after escaping, line breaks included', () => {
    const base = awkwardProcess();
    const steps = new Map([...base.steps].map(([id, step]) => [id === 'a_b' ? 'x\ny' : id, { ...step, id: id === 'a_b' ? 'x\ny' : id }]));
    const renamed: Process = { ...base, steps };
    const graph = parseGraph(formatDot(renamed));
    expect(graph.nodes).toContain('x\ny');
    expect(formatDot(renamed)).toContain('"x\\ny" [label=');
  });
});

describe('Graphviz accepts the output', () => {
  it.skipIf(!hasDot).each(BUNDLED)('dot -Tsvg renders %s without a warning, with every node, cluster and edge', (name) => {
    const process = bundled(name);
    for (const text of [formatDot(process), formatDot(process, foundPath(process))]) {
      const run = renderSvg(text);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const expected = counts(process);
      expect(run.stdout.match(/<g id="node\d+" class="node">/g)).toHaveLength(expected.nodes);
      expect(run.stdout.match(/<g id="clust\d+" class="cluster">/g) ?? []).toHaveLength(expected.clusters);
      expect(run.stdout.match(/<g id="edge\d+" class="edge">/g)).toHaveLength(expected.edges);
    }
  });

  it.skipIf(!hasDot)('dot -Tsvg renders the awkward process, its titles intact', () => {
    const run = renderSvg(formatDot(awkwardProcess(), foundPath(awkwardProcess())));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // SVG escapes markup characters; the DOT escapes in the title come out as the literal text.
    expect(run.stdout).toContain('Back\\slash \\n \\l &quot;\\&quot; %% end');
    expect(run.stdout).toContain('Say &quot;hi&quot; [now] &lt;b&gt;bold&lt;/b&gt; #1; {x} &amp; more');
    expect(run.stdout).toContain('Café ✓ — naïve 日本 `code` | pipe');
  });
});

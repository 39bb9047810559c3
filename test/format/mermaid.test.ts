// The Mermaid renderer: golden charts of the bundled processes, a well-formedness check of every line, awkward ids and titles.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMermaid } from '../../src/format/mermaid.js';
import { loadProcess } from '../../src/model/process-file.js';
import { allocateIds } from '../../src/format/process-graph.js';
import { makeProcess } from '../analysis/make-process.js';
import { awkwardProcess, BUNDLED, bundled, foundPath } from './graph-fixtures.js';

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A quoted Mermaid label: no raw quote inside (quotes are #quot;). */
const LABEL = '"[^"]*"';

interface Chart {
  readonly nodes: Map<string, string>;
  readonly subgraphs: Map<string, string>;
  readonly edges: { from: string; to: string; label: string }[];
  readonly classes: Map<string, string[]>;
  readonly classDefs: Set<string>;
  readonly linkStyles: number[];
}

/**
 * Reads a chart line by line and fails on any line that is not one of the forms the renderer may write, so an
 * unquoted label, an unsafe id or an unbalanced subgraph cannot slip through.
 */
function parseChart(text: string): Chart {
  expect(text.endsWith('\n')).toBe(true);
  const [header, ...lines] = text.slice(0, -1).split('\n');
  expect(header).toMatch(/^flowchart (LR|TB)$/);
  const chart: Chart = { nodes: new Map(), subgraphs: new Map(), edges: [], classes: new Map(), classDefs: new Set(), linkStyles: [] };
  let depth = 0;
  const forms: [RegExp, (m: RegExpExecArray) => void][] = [
    [new RegExp(`^subgraph (\\S+) \\[(${LABEL})\\]$`), (m) => (chart.subgraphs.set(m[1]!, m[2]!), depth++)],
    [/^end$/, () => (depth--, expect(depth).toBeGreaterThanOrEqual(0))],
    [new RegExp(`^(\\S+?)\\[(${LABEL})\\]$`), (m) => chart.nodes.set(m[1]!, m[2]!)],
    [new RegExp(`^(\\S+?)\\{\\{(${LABEL})\\}\\}$`), (m) => chart.nodes.set(m[1]!, m[2]!)],
    [new RegExp(`^(\\S+?)\\(\\[(${LABEL})\\]\\)$`), (m) => chart.nodes.set(m[1]!, m[2]!)],
    [new RegExp(`^(\\S+) -->\\|(${LABEL})\\| (\\S+)$`), (m) => chart.edges.push({ from: m[1]!, label: m[2]!, to: m[3]! })],
    [/^classDef (\S+) [a-z-]+:[^ ]+$/, (m) => chart.classDefs.add(m[1]!)],
    [/^class (\S+) (\S+)$/, (m) => chart.classes.set(m[2]!, [...(chart.classes.get(m[2]!) ?? []), ...m[1]!.split(',')])],
    [/^linkStyle ([\d,]+) stroke:[^ ]+$/, (m) => chart.linkStyles.push(...m[1]!.split(',').map(Number))],
  ];
  for (const line of lines) {
    const trimmed = line.trim();
    const form = forms.find(([pattern]) => pattern.test(trimmed));
    expect(form, `unexpected line: ${line}`).toBeDefined();
    form![1](form![0].exec(trimmed)!);
  }
  expect(depth).toBe(0);
  return chart;
}

/** The checks every chart must pass, whatever the process. */
function expectWellFormed(text: string): Chart {
  const chart = parseChart(text);
  const declared = new Set([...chart.nodes.keys(), ...chart.subgraphs.keys()]);
  expect(declared.size).toBe(chart.nodes.size + chart.subgraphs.size); // no id declared twice
  for (const id of declared) expect(id).toMatch(ID);
  for (const { from, to } of chart.edges) {
    expect(declared.has(from), from).toBe(true);
    expect(declared.has(to), to).toBe(true);
  }
  for (const [name, ids] of chart.classes) {
    expect(chart.classDefs.has(name), name).toBe(true);
    for (const id of ids) expect(declared.has(id), id).toBe(true);
  }
  for (const index of chart.linkStyles) expect(index).toBeLessThan(chart.edges.length);
  for (const label of [...chart.nodes.values(), ...chart.subgraphs.values(), ...chart.edges.map((e) => e.label)]) {
    // Inside the quotes: no raw character that Mermaid would read as markup or the end of the label.
    expect(label.slice(1, -1).replaceAll('<br/>', '\n')).not.toMatch(/["<>`|]|&(?!#)|#(?!(35|quot|lt|gt|amp|96|124);)/);
  }
  return chart;
}

describe('formatMermaid on the bundled processes', () => {
  it.each(BUNDLED)('%s matches its golden chart, with and without the minimal path', async (name) => {
    const process = bundled(name);
    await expect(formatMermaid(process)).toMatchFileSnapshot(`__golden__/${name}.mmd`);
    await expect(formatMermaid(process, foundPath(process))).toMatchFileSnapshot(`__golden__/${name}.minimal-path.mmd`);
  });

  it.each(BUNDLED)('%s is well formed: safe ids, quoted labels, balanced subgraphs', (name) => {
    const process = bundled(name);
    for (const text of [formatMermaid(process), formatMermaid(process, foundPath(process))]) {
      const chart = expectWellFormed(text);
      // One node per non-parallel step and per track, one subgraph per parallel step, one node per outcome.
      const steps = [...process.steps.values()];
      expect(chart.subgraphs.size).toBe(steps.filter((s) => s.parallel.length > 0).length);
      expect(chart.nodes.size).toBe(
        steps.reduce((n, s) => n + (s.parallel.length > 0 ? s.parallel.length : 1), 0) + process.outcomes.size,
      );
      expect(chart.edges).toHaveLength(steps.reduce((n, s) => n + s.next.length, 0));
    }
  });

  it('draws the enterprise reviews as a subgraph of three tracks and the ask as a hexagon with its gate', () => {
    const text = formatMermaid(bundled('enterprise'));
    expect(text).toContain('  subgraph s_reviews ["Security, legal and commercial reviews<br/>owner: ae"]\n    s_reviews__security["security<br/>owner: se<br/>buyers: security, it"]');
    expect(text).toMatch(/ {2}s_contract\{\{"Ask for the signed contract<br\/>owner: ae<br\/>buyers: economic-buyer, legal<br\/>ask · gate: economic-buyer,<br\/>.*<br\/>after: reviews"\}\}/);
    expect(text).toContain('  s_discovery -->|"p 0.5 · 5d (3–10)"| s_solution_demos');
    expect(text).toContain('  s_discovery -->|"p 0.3 · not-qualified"| s_lost');
    expect(text).toContain('  class s_won won\n  class s_lost lost');
    expect(text).not.toContain('minimal');
  });

  it('highlights exactly the transitions and nodes of the minimal path', () => {
    const process = bundled('smb');
    const chart = expectWellFormed(formatMermaid(process, foundPath(process)));
    const highlighted = chart.linkStyles.map((i) => `${chart.edges[i]!.from}>${chart.edges[i]!.to}`);
    expect(highlighted).toEqual(['s_discovery>s_demo', 's_demo>s_trial', 's_trial>s_closing_call', 's_closing_call>s_won']);
    expect(chart.classes.get('minimal')).toEqual(['s_discovery', 's_demo', 's_trial', 's_closing_call', 's_won']);
  });
});

describe('formatMermaid with awkward ids and titles', () => {
  const process = awkwardProcess();
  const text = formatMermaid(process, foundPath(process));

  it('is well formed', () => {
    expectWellFormed(text);
  });

  it('maps ids to collision-free safe ids, the first of a colliding group keeping the plain one', () => {
    const chart = parseChart(text);
    expect([...chart.nodes.keys()]).toEqual(['s_a_b', 's_a_b_2', 's_a_b__x_1', 's_a_b__x_1_2', 's_end', 's_won', 's_dropped', 's_lost']);
    expect([...chart.subgraphs.keys()]).toEqual(['s_a_b_3']);
  });

  it('escapes quotes, markup, # and pipes as Mermaid entity codes and keeps unicode', () => {
    expect(text).toContain('s_a_b["Say #quot;hi#quot; [now] #lt;b#gt;bold#lt;/b#gt; #35;1; {x} #amp; more<br/>owner: ae<br/>buyers: chef-de-cuisine"]');
    expect(text).toContain('s_a_b_2["Café ✓ — naïve 日本 #96;code#96; #124; pipe<br/>owner: ae"]');
    expect(text).toContain('subgraph s_a_b_3 ["Back\\slash \\n \\l #quot;\\#quot; %% end<br/>owner: ae"]');
    expect(text).toContain('s_a_b__x_1_2["x_1<br/>buyers: legal #quot;team#quot;"]');
    expect(text).toContain('s_end{{"Ask #lt;now#gt;<br/>owner: ae<br/>buyers: boss<br/>ask · gate: chef-de-cuisine, it<br/>after: a-b"}}');
    expect(text).toContain('s_end -->|"p 0.3 · no #124; #quot;budget#quot;"| s_dropped');
    expect(text).toContain('s_dropped(["dropped (lost)"])');
    expect(text).toContain('s_a_b -->|"p 0.6 · 2d"| s_a_b_2');
    expect(text).toContain('s_a_b_2 -->|"p 1 · 1–3d"| s_a_b_3');
    expect(text).toContain('s_a_b_3 -->|"p 0.9 · unscheduled"| s_end');
    expect(text).toContain('s_a_b_3 -->|"p 0.1 · 1d"| s_a_b_3');
  });

  it('styles both lost outcomes and the ask step', () => {
    const chart = parseChart(text);
    expect(chart.classes.get('lost')).toEqual(['s_dropped', 's_lost']);
    expect(chart.classes.get('won')).toEqual(['s_won']);
    expect(chart.classes.get('ask')).toEqual(['s_end']);
  });

  it('draws a process with no parallel step, ask or highlight without those parts', () => {
    const plain = makeProcess({ one: { next: [['won', 1]] } }, { outcomes: { won: 'won', lost: 'lost' } });
    expect(formatMermaid(plain)).toBe(
      [
        'flowchart LR',
        '  s_one["one<br/>owner: ae"]',
        '  s_won(["won"])',
        '  s_lost(["lost"])',
        '  s_one -->|"p 1"| s_won',
        '  classDef ask fill:#fef3c7,stroke:#b45309',
        '  classDef won fill:#dcfce7,stroke:#15803d,color:#14532d',
        '  classDef lost fill:#e5e7eb,stroke:#6b7280,color:#374151',
        '  class s_won won',
        '  class s_lost lost',
        '',
      ].join('\n'),
    );
  });
});

describe('formatMermaid with step marks (spx diff)', () => {
  it('classes added and changed steps last, a parallel step by its subgraph, and ignores ids that are no step', () => {
    const text = formatMermaid(bundled('enterprise'), undefined, { added: ['reviews', 'won', 'nope'], changed: ['contract'] });
    const chart = expectWellFormed(text);
    expect(chart.classes.get('added')).toEqual(['s_reviews']);
    expect(chart.classes.get('changed')).toEqual(['s_contract']);
    expect(text.trimEnd().split('\n').slice(-4)).toEqual([
      expect.stringMatching(/^ {2}classDef added /),
      '  class s_reviews added',
      expect.stringMatching(/^ {2}classDef changed /),
      '  class s_contract changed',
    ]);
    expect(formatMermaid(bundled('smb'), undefined, { added: [], changed: [] })).toBe(formatMermaid(bundled('smb')));
  });
});

describe('allocateIds', () => {
  it('keeps distinct bases, suffixes repeats, and never takes a base another key owns', () => {
    const keys = ['a', 'a', 'a_2', 'b', 'a'].map((base) => ({ base }));
    const ids = allocateIds(keys, (key) => key.base);
    expect(keys.map((key) => ids.get(key))).toEqual(['a', 'a_3', 'a_2', 'b', 'a_4']);
  });

  it('gives every key of a crowded set a distinct id', () => {
    const keys = Array.from({ length: 60 }, (_, i) => ({ i }));
    const ids = allocateIds(keys, ({ i }) => (i % 3 === 0 ? 'x' : `x_${i % 7}`));
    expect(new Set(ids.values()).size).toBe(keys.length);
  });
});

describe('durations in calendar days on the diagram', () => {
  it('labels a within in calendar days as written, not in its business days', () => {
    const process = loadProcess('trial.yaml', readFileSync('test/fixtures/calendar-days/trial.yaml', 'utf8')).process!;
    // closing → won within 3 calendar days (15/7 business days on the five-day week).
    expect(formatMermaid(process)).toContain('|"p 0.8 · 3 cal. d"|');
  });
});

/** Renders a process as a Mermaid flowchart (GitHub renders it natively in markdown). Pure. */
import type { MinimalPathFound } from '../analysis/minimal-path.js';
import type { Process } from '../model/types.js';
import { allocateIds, buildDiagram, type DiagramOptions } from './process-graph.js';

/** Mermaid entity codes for the characters that would end a quoted label or be read as markup or an entity. */
const ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  '`': '#96;',
  '|': '#124;',
};

/** One label, always quoted; lines joined with <br/>. */
function label(lines: readonly string[]): string {
  return `"${lines.map((line) => line.replace(/[#"<>&`|]/g, (c) => ENTITIES[c]!)).join('<br/>')}"`;
}

/** Node ids are `s_` + the id with every character outside [A-Za-z0-9_] replaced by `_` (kebab-case ids read as snake_case). */
function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

const HIGHLIGHT = 'stroke:#d97706,stroke-width:3px';

/** Steps to mark as added or changed (`spx diff --format markdown`), by step id. */
export interface MermaidMarks {
  readonly added?: Iterable<string>;
  readonly changed?: Iterable<string>;
}

const MARK_STYLES = {
  added: 'fill:#dcfce7,stroke:#16a34a,stroke-width:3px',
  changed: 'fill:#fef9c3,stroke:#ca8a04,stroke-width:3px',
} as const;

/**
 * A `flowchart` (LR or TB, see {@link DiagramOptions}): steps as boxes (title, owner, buyer roles), ask steps as
 * hexagons with their gate, parallel steps as a subgraph with one node per track, outcomes as stadiums styled by
 * result, transitions labelled with `p`, `within` and the reason. With `highlight`, the path's nodes get the `minimal` class and its links a
 * `linkStyle`. Ids: see `safe`; collisions (e.g. `a-b` and `a_b` in a hand-built model) get `_2`, `_3`, ….
 * With `marks`, the named steps get the `added` or `changed` class (green or amber), after every other class so
 * their fill wins; ids that name no step are ignored.
 */
export function formatMermaid(process: Process, highlight?: MinimalPathFound, marks?: MermaidMarks, options: DiagramOptions = {}): string {
  const diagram = buildDiagram(process, highlight, options);
  type Key = { readonly id: string; readonly track?: string };
  const stepKeys = new Map(diagram.steps.map((s) => [s.id, { id: s.id } as Key]));
  const outcomeKeys = new Map(diagram.outcomes.map((o) => [o.id, { id: o.id } as Key]));
  const trackKeys = diagram.steps.flatMap((s) => s.tracks.map((t): Key => ({ id: s.id, track: t.id })));
  const ids = allocateIds([...stepKeys.values(), ...outcomeKeys.values(), ...trackKeys], (key) =>
    key.track === undefined ? `s_${safe(key.id)}` : `s_${safe(key.id)}__${safe(key.track)}`,
  );
  // Steps first: a transition's target is a step when both a step and an outcome carry the id (lint refuses that).
  const nodeOf = (id: string): string => ids.get(stepKeys.get(id) ?? outcomeKeys.get(id)!)!;

  const out = [`flowchart ${diagram.direction}`];
  let trackIndex = 0;
  for (const step of diagram.steps) {
    const id = nodeOf(step.id);
    if (step.tracks.length > 0) {
      // No `direction`: in the chart's LR layout, unlinked tracks share a rank and stack like swimlanes.
      out.push(`  subgraph ${id} [${label(step.lines)}]`);
      for (const track of step.tracks) out.push(`    ${ids.get(trackKeys[trackIndex++]!)}[${label(track.lines)}]`);
      out.push('  end');
    } else if (step.ask) {
      out.push(`  ${id}{{${label(step.lines)}}}`);
    } else {
      out.push(`  ${id}[${label(step.lines)}]`);
    }
  }
  // A per-step terminal is a small circle; a shared outcome a stadium.
  for (const outcome of diagram.outcomes) out.push(outcome.small ? `  ${nodeOf(outcome.id)}((${label(outcome.lines)}))` : `  ${nodeOf(outcome.id)}([${label(outcome.lines)}])`);
  for (const edge of diagram.edges) out.push(`  ${nodeOf(edge.from)} -->|${label([edge.label])}| ${nodeOf(edge.to)}`);

  out.push(
    '  classDef ask fill:#fef3c7,stroke:#b45309',
    '  classDef won fill:#dcfce7,stroke:#15803d,color:#14532d',
    '  classDef lost fill:#e5e7eb,stroke:#6b7280,color:#374151',
  );
  const classLine = (nodes: readonly string[], name: string) => (nodes.length > 0 ? [`  class ${nodes.join(',')} ${name}`] : []);
  out.push(...classLine(diagram.steps.filter((s) => s.ask && s.tracks.length === 0).map((s) => nodeOf(s.id)), 'ask'));
  for (const result of ['won', 'lost'] as const) {
    // A disqualified outcome is drawn like a loss: the diagram is about the way to won.
    const members = diagram.outcomes.filter((o) => (o.result === 'disqualified' ? 'lost' : o.result) === result);
    out.push(...classLine(members.map((o) => nodeOf(o.id)), result));
  }
  if (highlight) {
    out.push(`  classDef minimal ${HIGHLIGHT}`);
    const onPath = [...diagram.steps.filter((s) => s.onPath), ...diagram.outcomes.filter((o) => o.onPath)];
    out.push(...classLine(onPath.map((n) => nodeOf(n.id)), 'minimal'));
    const links = diagram.edges.flatMap((edge, index) => (edge.onPath ? [index] : []));
    if (links.length > 0) out.push(`  linkStyle ${links.join(',')} ${HIGHLIGHT}`);
  }
  for (const mark of ['added', 'changed'] as const) {
    const nodes = [...new Set(marks?.[mark] ?? [])].filter((id) => stepKeys.has(id)).map(nodeOf);
    if (nodes.length > 0) out.push(`  classDef ${mark} ${MARK_STYLES[mark]}`, ...classLine(nodes, mark));
  }
  return `${out.join('\n')}\n`;
}

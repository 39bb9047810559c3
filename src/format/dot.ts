/** Renders a process as a Graphviz DOT digraph (for `dot -Tsvg`). Pure. */
import type { MinimalPathFound } from '../analysis/minimal-path.js';
import type { OutcomeResult, Process } from '../model/types.js';
import { allocateIds, buildDiagram, formatNumber, type DiagramOptions } from './process-graph.js';

/**
 * A DOT quoted string. Backslashes and quotes are escaped (so `\n`, `\l` or `\N` in a title stay literal text) and
 * raw line breaks become `\n`; the mapping is one-to-one, so distinct ids stay distinct.
 */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** A label value: each line quoted-escaped, joined with DOT's centred line break `\n`. */
function label(lines: readonly string[]): Raw {
  return { raw: `"${lines.map((line) => quote(line).slice(1, -1)).join('\\n')}"` };
}

/** A value written as is (a label built by `label`). */
interface Raw {
  readonly raw: string;
}

type Value = string | number | Raw;

/** `[key=value, …]`; strings are quoted, numbers and Raw values written as they are. */
function attributes(attrs: Readonly<Record<string, Value>>): string {
  const value = (v: Value) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? quote(v) : v.raw);
  return `[${Object.entries(attrs)
    .map(([key, v]) => `${key}=${value(v)}`)
    .join(', ')}]`;
}

const HIGHLIGHT_COLOR = '#d97706';
const OUTCOME_STYLE: Readonly<Record<OutcomeResult, Readonly<Record<string, string>>>> = {
  won: { fillcolor: '#dcfce7', color: '#15803d', fontcolor: '#14532d' },
  lost: { fillcolor: '#e5e7eb', color: '#6b7280', fontcolor: '#374151' },
  // Not an opportunity: drawn like a loss, with a dashed border.
  disqualified: { fillcolor: '#e5e7eb', color: '#6b7280', fontcolor: '#374151', style: 'filled,dashed' },
};

/**
 * A `digraph` (left to right or top to bottom, see {@link DiagramOptions}) with the same content as the Mermaid
 * chart: steps as rounded boxes (title, owner, buyer roles), ask steps as hexagons with their gate, parallel steps
 * as `subgraph cluster_…` with one node per track (transitions enter and leave the cluster through `lhead`/`ltail`), outcomes styled by result, transitions
 * labelled with `p`, `within` and the reason. With `highlight`, the path is drawn thick and orange and the graph
 * label sums it up. Every id is quoted; node ids are the step and outcome ids, tracks are `step/track`, and a
 * collision gets `_2`, `_3`, ….
 */
export function formatDot(process: Process, highlight?: MinimalPathFound, options: DiagramOptions = {}): string {
  const diagram = buildDiagram(process, highlight, options);
  type Key = { readonly kind: 'step' | 'outcome' | 'track' | 'cluster'; readonly id: string; readonly track?: string };
  const stepKeys = new Map(diagram.steps.map((s) => [s.id, { kind: 'step', id: s.id } as Key]));
  const outcomeKeys = new Map(diagram.outcomes.map((o) => [o.id, { kind: 'outcome', id: o.id } as Key]));
  const trackKeys = new Map(diagram.steps.map((s) => [s.id, s.tracks.map((t): Key => ({ kind: 'track', id: s.id, track: t.id }))]));
  const clusterKeys = new Map(diagram.steps.filter((s) => s.tracks.length > 0).map((s) => [s.id, { kind: 'cluster', id: s.id } as Key]));
  const ids = allocateIds(
    [...stepKeys.values(), ...outcomeKeys.values(), ...[...trackKeys.values()].flat(), ...clusterKeys.values()],
    (key) => (key.kind === 'track' ? `${key.id}/${key.track}` : key.kind === 'cluster' ? `cluster_${key.id}` : key.id),
  );
  const outcomeResult = new Map(diagram.outcomes.map((o) => [o.id, o.result]));
  /** Where edges attach: a node, or for a parallel step its middle track and the cluster to clip at. */
  const anchor = (id: string): { node: string; cluster?: string } => {
    const step = stepKeys.get(id);
    if (step === undefined) return { node: ids.get(outcomeKeys.get(id)!)! };
    const tracks = trackKeys.get(id)!;
    if (tracks.length === 0) return { node: ids.get(step)! };
    return { node: ids.get(tracks[Math.floor((tracks.length - 1) / 2)]!)!, cluster: ids.get(clusterKeys.get(id)!)! };
  };

  const title = [process.title.replace(/\s+/g, ' ').trim(), `${process.name} ${process.version}`];
  if (highlight) {
    title.push(
      `minimal path (orange): ${highlight.count} ${highlight.count === 1 ? 'step' : 'steps'} · ${highlight.expectedDays.toFixed(1)} business days expected · p ${formatNumber(highlight.probability)}`,
    );
  }
  const out = [
    `digraph ${quote(process.name)} {`,
    `  graph ${attributes({ label: label(title), labelloc: 't', labeljust: 'l', rankdir: diagram.direction, compound: 'true', fontname: 'Helvetica', fontsize: 14, nodesep: 0.3, ranksep: 0.5 })}`,
    `  node ${attributes({ shape: 'box', style: 'rounded,filled', fillcolor: '#ffffff', color: '#4b5563', fontname: 'Helvetica', fontsize: 11 })}`,
    `  edge ${attributes({ color: '#4b5563', fontname: 'Helvetica', fontsize: 9, fontcolor: '#374151' })}`,
  ];
  const onPath = { color: HIGHLIGHT_COLOR, penwidth: 3 };

  for (const step of diagram.steps) {
    const highlightAttrs = step.onPath ? onPath : {};
    if (step.tracks.length > 0) {
      const cluster = ids.get(clusterKeys.get(step.id)!)!;
      out.push(`  subgraph ${quote(cluster)} {`);
      const clusterAttrs: Record<string, Value> = {
        label: label(step.lines),
        style: step.ask ? 'rounded,filled' : 'rounded,dashed',
        color: step.ask ? '#b45309' : '#6b7280',
        ...(step.ask ? { fillcolor: '#fef3c7' } : {}),
        fontname: 'Helvetica',
        fontsize: 11,
        ...highlightAttrs,
      };
      out.push(`    graph ${attributes(clusterAttrs)}`);
      step.tracks.forEach((track, index) => {
        out.push(`    ${quote(ids.get(trackKeys.get(step.id)![index]!)!)} ${attributes({ label: label(track.lines) })}`);
      });
      out.push('  }');
    } else {
      const attrs = step.ask ? { shape: 'hexagon', fillcolor: '#fef3c7', color: '#b45309', ...highlightAttrs } : highlightAttrs;
      out.push(`  ${quote(ids.get(stepKeys.get(step.id)!)!)} ${attributes({ label: label(step.lines), ...attrs })}`);
    }
  }
  for (const outcome of diagram.outcomes) {
    const size: Record<string, Value> = outcome.small ? { fontsize: 8, margin: '0.02', height: 0.25 } : {};
    const attrs = { shape: 'ellipse', style: 'filled', ...OUTCOME_STYLE[outcome.result], ...size, ...(outcome.onPath ? onPath : {}) };
    out.push(`  ${quote(ids.get(outcomeKeys.get(outcome.id)!)!)} ${attributes({ label: label(outcome.lines), ...attrs })}`);
  }
  for (const edge of diagram.edges) {
    const from = anchor(edge.from);
    const to = anchor(edge.to);
    const attrs: Record<string, Value> = { label: label([edge.label]) };
    // Heavier edges toward steps and wins keep the main flow on one line; edges to losses bend away.
    if (stepKeys.has(edge.to) || outcomeResult.get(edge.to) === 'won') attrs['weight'] = 4;
    // A loop on a parallel step stays a loop on its middle track: Graphviz refuses to clip it at its own cluster.
    if (edge.from !== edge.to) {
      if (from.cluster) attrs['ltail'] = from.cluster;
      if (to.cluster) attrs['lhead'] = to.cluster;
    }
    if (edge.onPath) Object.assign(attrs, onPath, { fontcolor: '#b45309' });
    out.push(`  ${quote(from.node)} -> ${quote(to.node)} ${attributes(attrs)}`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

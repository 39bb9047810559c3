/** The format-neutral picture of a process that the Mermaid and DOT renderers both draw: nodes, labels, edges, highlight. */
import type { MinimalPathFound } from '../analysis/minimal-path.js';
import { toCalendarDays } from '../model/duration.js';
import type { Duration, Gate, OutcomeResult, Process, Step, Transition } from '../model/types.js';

/** One parallel track, drawn as a node inside its step's group. */
export interface DiagramTrack {
  readonly id: string;
  /** Label lines, unescaped. */
  readonly lines: readonly string[];
}

/** A step: a plain node, a marked ask node, or (with tracks) a group holding one node per track. */
export interface DiagramStep {
  readonly id: string;
  readonly lines: readonly string[];
  readonly ask: boolean;
  /** Empty for a step that is not parallel. */
  readonly tracks: readonly DiagramTrack[];
  readonly onPath: boolean;
}

export interface DiagramOutcome {
  /** The outcome id; for a per-step terminal (`lost: 'per-step'`), `outcome@step`, which no step or outcome id can be. */
  readonly id: string;
  readonly result: OutcomeResult;
  readonly lines: readonly string[];
  readonly onPath: boolean;
  /** A per-step terminal: drawn small, next to its step. */
  readonly small?: boolean;
}

/** A transition; `from` is a step id, `to` a step or outcome id. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly onPath: boolean;
}

/**
 * How to draw the transitions that end a deal without a win (to `lost` or `disqualified` outcomes); `auto` is
 * `shared` up to {@link MAX_SHARED_LOSSES} of them, else `per-step`.
 */
export type LostEdges = 'shared' | 'per-step' | 'hidden' | 'auto';

/** Layout direction; `auto` is `LR` up to {@link MAX_LR_RANKS} ranks of steps, else `TB`. */
export type DiagramDirection = 'LR' | 'TB' | 'auto';

/**
 * More loss edges than this into one shared node cross the whole chart and, labelled, widen it (a 60-step process
 * draws 4,500 px wide): `auto` then gives each step its own small terminal.
 */
export const MAX_SHARED_LOSSES = 8;

/**
 * Left to right, each rank of steps adds about 350 px (a node and a labelled edge): four ranks already make the
 * bundled SMB process 1,600 px wide, so `auto` lays out longer processes top to bottom.
 */
export const MAX_LR_RANKS = 3;

/** Layout choices the renderers share. */
export interface DiagramOptions {
  /**
   * `shared`: one node per outcome, every step's loss pointing at it; `per-step`: a small terminal beside each step,
   * so loss edges do not cross the chart; `hidden`: no loss edges at all (and no node for an outcome only they
   * reached); `auto` (default): shared unless there are many. Edges to won outcomes are always drawn.
   */
  readonly lost?: LostEdges;
  /** `LR`: left to right; `TB`: top to bottom, narrower for long processes; `auto` (default): LR for short ones. */
  readonly direction?: DiagramDirection;
}

export interface Diagram {
  readonly direction: 'LR' | 'TB';
  readonly steps: readonly DiagramStep[];
  readonly outcomes: readonly DiagramOutcome[];
  /** In file order: steps in order, each step's transitions in order. Renderers index edges by this order. */
  readonly edges: readonly DiagramEdge[];
}

/** Lists of role ids are wrapped at about this many characters so nodes stay narrow. */
const WRAP = 40;

/**
 * Builds the diagram of a process. Transitions to ids that name neither a step nor an outcome are left out (lint
 * reports them as unknown-reference). With `highlight`, the steps, outcome and transitions of that path are
 * marked; a revisited step is marked once and each transition taken is marked.
 */
export function buildDiagram(process: Process, highlight?: MinimalPathFound, options: DiagramOptions = {}): Diagram {
  const lost = resolveLost(process, options.lost ?? 'auto');
  const pathSteps = new Set(highlight?.steps.map((s) => s.id) ?? []);
  const pathEdges = highlightedTransitions(process, highlight);

  const steps: DiagramStep[] = [...process.steps.values()].map((step) => ({
    id: step.id,
    lines: stepLines(step),
    ask: step.ask,
    tracks: step.parallel.map((track) => ({
      id: track.id,
      lines: [track.id, ...roleLines(track.owner, track.with)],
    })),
    onPath: pathSteps.has(step.id),
  }));

  const outcomes: DiagramOutcome[] = [...process.outcomes.values()].map((outcome) => ({
    id: outcome.id,
    result: outcome.result,
    // The result is implied by an outcome named after it; a custom name says which it is.
    lines: [outcome.id === outcome.result ? outcome.id : `${oneLine(outcome.id)} (${outcome.result})`],
    onPath: highlight?.outcome === outcome.id,
  }));

  const edges: DiagramEdge[] = [];
  const terminals: DiagramOutcome[] = [];
  for (const step of process.steps.values()) {
    for (const transition of step.next) {
      const toStep = process.steps.has(transition.to);
      const outcome = toStep ? undefined : process.outcomes.get(transition.to);
      if (!toStep && outcome === undefined) continue;
      let to = transition.to;
      if (outcome !== undefined && outcome.result !== 'won' && lost !== 'shared') {
        if (lost === 'hidden') continue;
        to = `${outcome.id}@${step.id}`;
        if (!terminals.some((t) => t.id === to)) terminals.push({ id: to, result: outcome.result, lines: [oneLine(outcome.id)], onPath: false, small: true });
      }
      edges.push({ from: step.id, to, label: edgeLabel(transition, toStep), onPath: pathEdges.has(transition) });
    }
  }
  // Without shared loss nodes, an outcome node only stays when some edge still reaches it (won ones always stay).
  const reached = new Set(edges.map((e) => e.to));
  const shown = lost === 'shared' ? outcomes : outcomes.filter((o) => o.result === 'won' || reached.has(o.id));
  const direction = options.direction === undefined || options.direction === 'auto' ? autoDirection(process) : options.direction;
  return { direction, steps, outcomes: [...shown, ...terminals], edges };
}

/** `auto` losses: shared while few enough transitions end without a win, else one small terminal per step. */
function resolveLost(process: Process, lost: LostEdges): Exclude<LostEdges, 'auto'> {
  if (lost !== 'auto') return lost;
  let losses = 0;
  for (const step of process.steps.values()) {
    for (const t of step.next) {
      const outcome = process.outcomes.get(t.to);
      if (outcome !== undefined && outcome.result !== 'won') losses++;
    }
  }
  return losses > MAX_SHARED_LOSSES ? 'per-step' : 'shared';
}

/**
 * `auto` direction: the ranks a layered layout gives the steps are at least their breadth-first depth from
 * `start`; more than {@link MAX_LR_RANKS} of them read better top to bottom.
 */
function autoDirection(process: Process): 'LR' | 'TB' {
  const depth = new Map<string, number>();
  if (process.steps.has(process.start)) depth.set(process.start, 1);
  const queue = [...depth.keys()];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const t of process.steps.get(id)!.next) {
      if (!process.steps.has(t.to) || depth.has(t.to)) continue;
      depth.set(t.to, depth.get(id)! + 1);
      queue.push(t.to);
    }
  }
  return Math.max(0, ...depth.values()) > MAX_LR_RANKS ? 'TB' : 'LR';
}

/** The transitions a found path takes: for each consecutive pair, the first transition between them with p > 0. */
function highlightedTransitions(process: Process, path: MinimalPathFound | undefined): Set<Transition> {
  const taken = new Set<Transition>();
  if (path === undefined) return taken;
  const ids = [...path.steps.map((s) => s.id), path.outcome];
  for (let i = 0; i + 1 < ids.length; i++) {
    const transition = process.steps.get(ids[i]!)?.next.find((t) => t.to === ids[i + 1] && t.p > 0);
    if (transition) taken.add(transition);
  }
  return taken;
}

function stepLines(step: Step): string[] {
  const lines = [oneLine(step.title), ...roleLines(step.owner, step.with)];
  if (step.ask) lines.push(...gateLines(step.requires));
  return lines;
}

/** "owner: ae" and "buyers: a, b, …" (wrapped); either is left out when empty. */
function roleLines(owner: string | undefined, buyers: readonly string[]): string[] {
  const lines: string[] = [];
  if (owner !== undefined) lines.push(`owner: ${oneLine(owner)}`);
  if (buyers.length > 0) lines.push(...wrapList('buyers: ', buyers));
  return lines;
}

/** "ask · gate: roles…" then "after: steps…", or "ask · no gate". */
function gateLines(gate: Gate | undefined): string[] {
  const involved = gate?.involved ?? [];
  const completed = gate?.completed ?? [];
  if (involved.length === 0 && completed.length === 0) return ['ask · no gate'];
  const lines = involved.length > 0 ? wrapList('ask · gate: ', involved) : ['ask · gate:'];
  if (completed.length > 0) lines.push(...wrapList('after: ', completed));
  return lines;
}

/**
 * `prefix` + the items joined by ", ", broken between items into as few lines as a WRAP-character limit needs,
 * made as even as possible (no lone last item). An item longer than the limit gets a line of its own.
 */
function wrapList(prefix: string, items: readonly string[]): string[] {
  const words = items.map((item, index) => oneLine(item) + (index < items.length - 1 ? ',' : ''));
  const greedy = (width: number): string[] => {
    const lines: string[] = [];
    let line = prefix + words[0]!;
    for (const word of words.slice(1)) {
      if (line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = `${line} ${word}`;
    }
    lines.push(line);
    return lines;
  };
  const fewest = greedy(WRAP).length;
  const total = prefix.length + words.join(' ').length;
  for (let width = Math.ceil(total / fewest); width < WRAP; width++) {
    const lines = greedy(width);
    if (lines.length === fewest) return lines;
  }
  return greedy(WRAP);
}

/** "p 0.55 · 5d (3–10)", plus "unscheduled" for a step without `within` and the reason when there is one. */
function edgeLabel(transition: Transition, toStep: boolean): string {
  const parts = [`p ${formatNumber(transition.p)}`];
  if (transition.within !== undefined) parts.push(formatDuration(transition.within));
  else if (toStep) parts.push('unscheduled');
  if (transition.reason !== undefined) parts.push(oneLine(transition.reason));
  return parts.join(' · ');
}

/**
 * Business days as people read them: "5d", "5d (3–10)" for an estimate (likely, then the range), "3–10d" for
 * uniform. A duration the file gives in calendar days is shown in them, as written: "14 cal. d".
 */
export function formatDuration(duration: Duration): string {
  const calendar = duration.calendarDays;
  const n = (days: number): string => formatNumber(calendar ? toCalendarDays(days, calendar) : days);
  const d = calendar ? ' cal. d' : 'd';
  switch (duration.dist) {
    case 'fixed':
      return `${n(duration.value)}${d}`;
    case 'uniform':
      return `${n(duration.min)}–${n(duration.max)}${d}`;
    default:
      return duration.min === duration.max ? `${n(duration.likely)}${d}` : `${n(duration.likely)}${d} (${n(duration.min)}–${n(duration.max)})`;
  }
}

/** At most three decimals, no trailing zeros; tiny non-zero values keep two significant digits rather than read 0. */
export function formatNumber(value: number): string {
  const rounded = Number(value.toFixed(3));
  if (rounded === 0 && value !== 0) return String(Number(value.toPrecision(2)));
  return String(rounded);
}

/** Labels are built line by line, so line breaks inside a title or id would break the layout: fold them to spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Gives every key a distinct node id: its `base` when that is free, else `base_2`, `base_3`, … skipping every
 * other key's base, so a suffixed id can never take the id another key would have had. Keys are served in order,
 * so the first of two colliding keys keeps the plain id. Deterministic: the same keys give the same ids.
 */
export function allocateIds<K>(keys: readonly K[], base: (key: K) => string): Map<K, string> {
  const bases = keys.map(base);
  const reserved = new Set(bases);
  const used = new Set<string>();
  const ids = new Map<K, string>();
  keys.forEach((key, index) => {
    const wanted = bases[index]!;
    let id = wanted;
    // A suffixed id that is some other key's base belongs to that key: keep counting.
    for (let n = 2; used.has(id) || (id !== wanted && reserved.has(id)); n++) id = `${wanted}_${n}`;
    used.add(id);
    ids.set(key, id);
  });
  return ids;
}

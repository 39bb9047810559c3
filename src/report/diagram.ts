/**
 * The process diagram as inline SVG: a layered left-to-right layout (ranks by longest path with loops set aside,
 * barycentre ordering within a rank), wrapped into rows when there are many ranks so a long process stays
 * legible on a page. Lost transitions are summarised inside each step's box instead of fanned into one node.
 */
import type { MinimalPathResult } from '../analysis/minimal-path.js';
import type { Process, Step } from '../model/types.js';
import { clip, esc, escClipped, n, pct } from './html.js';

/** Per-step numbers the boxes show. */
export interface DiagramStepNumbers {
  /** Expected business days of the step. */
  readonly expectedDays: number;
}

const BOX_W = 178;
const COL_GAP = 40;
const LINE_H = 14;
const STACK_GAP = 20;
const MARGIN_X = 26;
/** Space between rows: routed edges run in its upper half, loop arcs of the next row in its lower half. */
const ROW_GAP = 72;
const TOP = 30;
/** At most this many ranks side by side; more wrap onto further rows. */
const MAX_PER_ROW = 6;
/** Characters that fit on one line of a box (at the label sizes the stylesheet sets). */
const TITLE_CHARS = 21;
const LINE_CHARS = 27;

interface Line {
  readonly text: string;
  readonly cls: string;
}

interface Node {
  readonly key: string;
  readonly kind: 'step' | 'outcome';
  readonly step?: Step;
  readonly lines: readonly Line[];
  readonly tooltip: string;
  readonly onPath: boolean;
  rank: number;
  order: number;
  x: number;
  y: number;
  h: number;
}

interface Edge {
  readonly from: Node;
  readonly to: Node;
  readonly p: number;
  readonly onPath: boolean;
  back: boolean;
}

/** Sum of the probabilities of a step's transitions that satisfy `test`. */
function mass(step: Step, test: (to: string) => boolean): number {
  return step.next.filter((t) => test(t.to)).reduce((sum, t) => sum + t.p, 0);
}

/**
 * Draws a process. `path` is the minimal path to highlight (when one was found); `numbers` gives each step's
 * expected duration. `titleId` names the element holding the chart's accessible title.
 */
export function diagramSvg(process: Process, path: MinimalPathResult, numbers: ReadonlyMap<string, DiagramStepNumbers>, titleId: string, title: string, winRate: number): string {
  const pathIds = path.kind === 'path' ? [...path.steps.map((s) => s.id), path.outcome] : [];
  const pathNodes = new Set(pathIds);
  const pathPairs = new Set(pathIds.slice(1).map((id, i) => `${pathIds[i]}\u0000${id}`));
  const lostIds = new Set([...process.outcomes.values()].filter((o) => o.result === 'lost').map((o) => o.id));

  const nodes = new Map<string, Node>();
  for (const step of process.steps.values()) nodes.set(step.id, stepNode(process, step, numbers.get(step.id)?.expectedDays, lostIds, pathNodes.has(step.id)));
  // Won outcomes are drawn; lost ones are summarised in the boxes.
  for (const outcome of process.outcomes.values()) {
    if (outcome.result !== 'won') continue;
    const hasEdge = [...process.steps.values()].some((s) => s.next.some((t) => t.to === outcome.id));
    if (!hasEdge) continue;
    nodes.set(`\u0000outcome:${outcome.id}`, {
      key: outcome.id,
      kind: 'outcome',
      lines: [
        { text: clip(outcome.id, TITLE_CHARS), cls: 'n-title' },
        { text: `win rate ${pct(winRate)}`, cls: 'n-meta' },
      ],
      tooltip: `${outcome.id} (won)`,
      onPath: pathNodes.has(outcome.id),
      rank: 0,
      order: 0,
      x: 0,
      y: 0,
      h: 14 + 2 * LINE_H,
    });
  }
  const nodeOf = (id: string): Node | undefined => nodes.get(id) ?? nodes.get(`\u0000outcome:${id}`);

  const edges: Edge[] = [];
  const seenPairs = new Set<string>();
  for (const step of process.steps.values()) {
    for (const t of step.next) {
      const to = process.steps.has(t.to) ? nodes.get(t.to) : nodes.get(`\u0000outcome:${t.to}`);
      if (to === undefined) continue;
      const pair = `${step.id}\u0000${t.to}`;
      // Two transitions between the same pair are one arrow with their summed probability.
      if (seenPairs.has(pair)) {
        const existing = edges.find((e) => e.from.key === step.id && e.to === to)!;
        edges[edges.indexOf(existing)] = { ...existing, p: existing.p + t.p };
        continue;
      }
      seenPairs.add(pair);
      edges.push({ from: nodes.get(step.id)!, to, p: t.p, onPath: pathPairs.has(pair), back: false });
    }
  }

  rankNodes(process, [...nodes.values()], edges, nodeOf);
  orderNodes([...nodes.values()], edges);
  const size = place([...nodes.values()]);
  return render([...nodes.values()], edges, size, titleId, title);
}

function stepNode(process: Process, step: Step, expectedDays: number | undefined, lostIds: ReadonlySet<string>, onPath: boolean): Node {
  const lines: Line[] = wrap(step.title, TITLE_CHARS, 2).map((text) => ({ text, cls: 'n-title' }));
  const sellers = [step.owner, ...step.parallel.map((t) => t.owner)].filter((r, i, all): r is string => r !== undefined && all.indexOf(r) === i);
  const buyers = [...step.with, ...step.parallel.flatMap((t) => t.with)].filter((r, i, all) => all.indexOf(r) === i);
  lines.push({ text: clip(`seller: ${sellers.length > 0 ? sellers.join(', ') : '—'}`, LINE_CHARS), cls: 'n-meta' });
  lines.push(...wrap(`buyer: ${buyers.length > 0 ? buyers.join(', ') : '—'}`, LINE_CHARS, 2).map((text) => ({ text, cls: 'n-meta' })));
  if (step.parallel.length > 0) lines.push({ text: clip(`∥ ${step.parallel.map((t) => t.id).join(' · ')}`, LINE_CHARS), cls: 'n-meta' });
  if (step.ask) {
    const involved = step.requires?.involved.length ?? 0;
    const completed = step.requires?.completed.length ?? 0;
    const gate = involved + completed === 0 ? 'no gate' : `gate: ${[involved > 0 ? `${involved} role${involved === 1 ? '' : 's'}` : '', completed > 0 ? `${completed} step${completed === 1 ? '' : 's'}` : ''].filter(Boolean).join(' + ')}`;
    lines.push({ text: '◆ ask step', cls: 'n-ask' }, { text: clip(gate, LINE_CHARS), cls: 'n-meta' });
  }
  lines.push({ text: `≈ ${expectedDays === undefined ? 'n/a' : expectedDays.toFixed(1)} business days`, cls: 'n-meta' });
  const lost = mass(step, (to) => lostIds.has(to));
  if (lost > 0) {
    const reasons = step.next.filter((t) => lostIds.has(t.to)).map((t) => t.reason ?? t.to);
    const unique = reasons.filter((r, i) => reasons.indexOf(r) === i);
    lines.push({ text: clip(`✕ lost ${share(lost)} · ${unique.length === 1 ? unique[0] : `${unique.length} reasons`}`, LINE_CHARS), cls: 'n-lost' });
  }
  const tooltip = [
    `${clip(step.title, 200)} (${step.id})`,
    `seller side: ${sellers.join(', ') || 'none'}`,
    `buyer side: ${buyers.join(', ') || 'none'}`,
    ...(step.ask ? [`ask; gate: ${[...(step.requires?.involved ?? []), ...(step.requires?.completed ?? []).map((s) => `after ${s}`)].join(', ') || 'none'}`] : []),
    ...step.next.map((t) => `→ ${t.to}: ${pct(t.p)}${t.reason === undefined ? '' : ` (${t.reason})`}`),
  ].join('\n');
  void process;
  return { key: step.id, kind: 'step', step, lines, tooltip, onPath, rank: 0, order: 0, x: 0, y: 0, h: 14 + lines.length * LINE_H };
}

/**
 * Ranks by longest path from the start over the graph without its back edges (found by depth-first search from
 * the start, then from every step not yet seen, in file order), so loops never stretch the layout.
 */
function rankNodes(process: Process, all: Node[], edges: Edge[], nodeOf: (id: string) => Node | undefined): void {
  const out = new Map<Node, Edge[]>(all.map((node) => [node, []]));
  for (const edge of edges) out.get(edge.from)!.push(edge);
  const state = new Map<Node, 'open' | 'done'>();
  const postorder: Node[] = [];
  const visit = (root: Node): void => {
    // Iterative DFS: a 10,000-step chain must not overflow the stack.
    const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = out.get(top.node)!;
      if (top.next < list.length) {
        const edge = list[top.next++]!;
        const seen = state.get(edge.to);
        if (seen === 'open') edge.back = true;
        else if (seen === undefined) {
          state.set(edge.to, 'open');
          stack.push({ node: edge.to, next: 0 });
        }
      } else {
        state.set(top.node, 'done');
        postorder.push(top.node);
        stack.pop();
      }
    }
  };
  const start = nodeOf(process.start);
  if (start) visit(start);
  for (const node of all) if (!state.has(node)) visit(node);
  for (const node of postorder.reverse()) {
    for (const edge of out.get(node)!) if (!edge.back) edge.to.rank = Math.max(edge.to.rank, node.rank + 1);
  }
  // Outcomes sit one rank after the last step that reaches them, so the won node ends the flow.
  const last = Math.max(0, ...all.filter((x) => x.kind === 'step').map((x) => x.rank));
  for (const node of all) if (node.kind === 'outcome') node.rank = Math.max(node.rank, last + 1);
}

/** Barycentre ordering within each rank: a few sweeps, ties kept in file order (stable sort). */
function orderNodes(all: Node[], edges: Edge[]): void {
  const ranks = new Map<number, Node[]>();
  for (const node of all) ranks.set(node.rank, [...(ranks.get(node.rank) ?? []), node]);
  const maxRank = Math.max(...ranks.keys());
  for (const list of ranks.values()) list.forEach((node, i) => (node.order = i));
  const forward = edges.filter((e) => !e.back && e.from !== e.to);
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    for (let r = down ? 1 : maxRank - 1; down ? r <= maxRank : r >= 0; r += down ? 1 : -1) {
      const list = ranks.get(r);
      if (!list) continue;
      const centre = new Map<Node, number>();
      for (const node of list) {
        const neighbours = down ? forward.filter((e) => e.to === node).map((e) => e.from) : forward.filter((e) => e.from === node).map((e) => e.to);
        centre.set(node, neighbours.length > 0 ? neighbours.reduce((s, m) => s + m.order, 0) / neighbours.length : node.order);
      }
      list.sort((a, b) => centre.get(a)! - centre.get(b)!);
      list.forEach((node, i) => (node.order = i));
    }
  }
}

interface Size {
  readonly width: number;
  readonly height: number;
  readonly perRow: number;
  /** Top and bottom y of each row. */
  readonly rowTop: readonly number[];
  readonly rowBottom: readonly number[];
}

/** Positions: ranks wrap into rows of at most MAX_PER_ROW; each rank's boxes stack, centred in their row. */
function place(all: Node[]): Size {
  const rankCount = Math.max(...all.map((x) => x.rank)) + 1;
  const rows = Math.ceil(rankCount / MAX_PER_ROW);
  const perRow = Math.ceil(rankCount / rows);
  const stackHeight = new Map<number, number>();
  for (const node of all) stackHeight.set(node.rank, (stackHeight.get(node.rank) ?? -STACK_GAP) + node.h + STACK_GAP);
  const rowBottom: number[] = [];
  const rowTop: number[] = [];
  let y = TOP;
  for (let row = 0; row < rows; row++) {
    rowTop.push(y);
    let tallest = 0;
    for (let r = row * perRow; r < Math.min(rankCount, (row + 1) * perRow); r++) tallest = Math.max(tallest, stackHeight.get(r) ?? 0);
    for (let r = row * perRow; r < Math.min(rankCount, (row + 1) * perRow); r++) {
      let cursor = y + (tallest - (stackHeight.get(r) ?? 0)) / 2;
      for (const node of all.filter((x) => x.rank === r).sort((a, b) => a.order - b.order)) {
        node.x = MARGIN_X + (r % perRow) * (BOX_W + COL_GAP);
        node.y = cursor;
        cursor += node.h + STACK_GAP;
      }
    }
    y += tallest;
    rowBottom.push(y);
    y += ROW_GAP;
  }
  return { width: MARGIN_X * 2 + perRow * BOX_W + (perRow - 1) * COL_GAP, height: y - ROW_GAP + 34, perRow, rowTop, rowBottom };
}

function render(all: Node[], edges: Edge[], size: Size, titleId: string, title: string): string {
  const prefix = titleId;
  const rowOf = (node: Node): number => Math.floor(node.rank / size.perRow);
  const out: string[] = [];
  out.push(`<svg class="diagram" viewBox="0 0 ${n(size.width)} ${n(size.height)}" role="img" aria-labelledby="${titleId}">`);
  out.push(`<title id="${titleId}">${escClipped(title, 70)}</title>`);
  out.push('<defs>');
  for (const [kind, cls] of [['a', 'arrow'], ['p', 'arrow on-path'], ['b', 'arrow back']] as const) {
    out.push(`<marker id="${prefix}-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path class="${cls}" d="M0 0L10 5L0 10z"/></marker>`);
  }
  out.push('</defs>');

  // Lanes in each row gap, handed out in edge order so routed edges do not run on top of each other.
  const lanes = new Map<number, number>();
  const lane = (row: number): number => {
    const k = lanes.get(row) ?? 0;
    lanes.set(row, k + 1);
    return size.rowBottom[row]! + 12 + (k % 6) * 5;
  };
  const topLanes = new Map<number, number>();
  const topLane = (row: number): number => {
    const k = topLanes.get(row) ?? 0;
    topLanes.set(row, k + 1);
    return size.rowTop[row]! - 8 - (k % 4) * 5;
  };
  const edgeOut: string[] = [];
  const labels: string[] = [];
  for (const edge of edges) {
    const { from, to } = edge;
    const cls = `edge${edge.onPath ? ' on-path' : ''}${edge.back ? ' back' : ''}`;
    const marker = `url(#${prefix}-${edge.onPath ? 'p' : edge.back ? 'b' : 'a'})`;
    const label = share(edge.p);
    let d: string;
    let lx: number;
    let ly: number;
    if (from === to) {
      const x1 = from.x + BOX_W - 46;
      const x2 = from.x + BOX_W - 16;
      d = `M${n(x1)} ${n(from.y)}C${n(x1)} ${n(from.y - 24)} ${n(x2)} ${n(from.y - 24)} ${n(x2)} ${n(from.y - 1)}`;
      lx = (x1 + x2) / 2;
      ly = from.y - 24;
      labels.push(edgeLabel(lx, ly, `↻ ${label}`, edge.onPath));
      edgeOut.push(`<path class="${cls}" d="${d}" marker-end="${marker}"/>`);
      continue;
    }
    const sameRow = rowOf(from) === rowOf(to);
    if (!edge.back && sameRow && to.rank - from.rank > 1) {
      // A skip over boxes of the same row: over their tops, so it never hides behind them.
      const gy = topLane(rowOf(from));
      const x1 = from.x + BOX_W - 24;
      const x2 = to.x + 24;
      d = `M${n(x1)} ${n(from.y)}V${n(gy)}H${n(x2)}V${n(to.y - 2)}`;
      lx = (x1 + x2) / 2;
      ly = gy - 3;
    } else if (!edge.back && sameRow) {
      const x1 = from.x + BOX_W;
      const y1 = from.y + from.h / 2;
      const x2 = to.x - 2;
      const y2 = to.y + to.h / 2;
      const dx = Math.max(20, (x2 - x1) / 2);
      d = `M${n(x1)} ${n(y1)}C${n(x1 + dx)} ${n(y1)} ${n(x2 - dx)} ${n(y2)} ${n(x2)} ${n(y2)}`;
      lx = to.rank - from.rank === 1 ? (x1 + x2) / 2 : x2 - 22;
      ly = to.rank - from.rank === 1 ? (y1 + y2) / 2 - 5 : y2 - 5;
    } else if (!edge.back) {
      // Down to the gap under the source's row, across, then into the target from its left.
      const gy = lane(rowOf(from));
      const x1 = from.x + BOX_W;
      const y1 = from.y + from.h / 2;
      const tx = to.x - 14;
      const ty = to.y + to.h / 2;
      d = `M${n(x1)} ${n(y1)}H${n(x1 + 12)}V${n(gy)}H${n(tx)}V${n(ty)}H${n(to.x - 2)}`;
      lx = tx + 40;
      ly = gy - 3;
    } else {
      // Loops back: under the source's row, through the left margin when rows differ, up into the target's bottom.
      const gy = lane(rowOf(from));
      const x1 = from.x + BOX_W / 2 + 14;
      const tx = to.x + BOX_W / 2 - 14;
      if (sameRow) d = `M${n(x1)} ${n(from.y + from.h)}V${n(gy)}H${n(tx)}V${n(to.y + to.h + 2)}`;
      else {
        const ty = lane(rowOf(to));
        const mx = 8 + (lanes.get(rowOf(from))! % 4) * 4;
        d = `M${n(x1)} ${n(from.y + from.h)}V${n(gy)}H${n(mx)}V${n(ty)}H${n(tx)}V${n(to.y + to.h + 2)}`;
      }
      lx = sameRow ? (x1 + tx) / 2 : tx + 30;
      ly = gy + (sameRow ? -3 : 0) - 3;
    }
    edgeOut.push(`<path class="${cls}" d="${d}" marker-end="${marker}"/>`);
    labels.push(edgeLabel(lx, ly, label, edge.onPath));
  }
  out.push(...edgeOut);

  all.forEach((node, index) => {
    const cls = `node ${node.kind}${node.onPath ? ' on-path' : ''}${node.step?.ask ? ' ask' : ''}`;
    const data = node.kind === 'step' ? `data-step="${esc(node.key)}"` : `data-outcome="${esc(node.key)}"`;
    out.push(`<g class="${cls}" ${data} id="${prefix}-n${index}">`);
    out.push(`<title>${esc(node.tooltip)}</title>`);
    const rx = node.kind === 'outcome' ? node.h / 2 : 6;
    out.push(`<rect class="box" x="${n(node.x)}" y="${n(node.y)}" width="${BOX_W}" height="${n(node.h)}" rx="${n(rx)}"/>`);
    if (node.kind === 'step' && node.step?.ask) out.push(`<rect class="ask-band" x="${n(node.x)}" y="${n(node.y)}" width="5" height="${n(node.h)}" rx="2"/>`);
    node.lines.forEach((line, i) => {
      const tx = node.kind === 'outcome' ? node.x + BOX_W / 2 : node.x + 12;
      const anchor = node.kind === 'outcome' ? ' text-anchor="middle"' : '';
      out.push(`<text class="${line.cls}" x="${n(tx)}" y="${n(node.y + 20 + i * LINE_H)}"${anchor}>${esc(line.text)}</text>`);
    });
    out.push('</g>');
  });
  out.push(...labels);
  out.push('</svg>');
  return out.join('');
}

/** A probability as a short percentage: whole percent, one decimal below 1%, "<0.1%" below that. */
export function share(p: number): string {
  if (p >= 0.01 || p === 0) return pct(p, 0);
  return p >= 0.001 ? pct(p, 1) : '<0.1%';
}

/**
 * Breaks text at spaces into at most `maxLines` lines of about `width` characters; the last line is clipped with
 * an ellipsis when the text does not fit. A word longer than a line is cut.
 */
function wrap(text: string, width: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (line === '') line = word;
    else if ([...line].length + 1 + [...word].length <= width) line = `${line} ${word}`;
    else {
      if (lines.length === maxLines - 1) return [...lines, clip(`${line} ${words.slice(i).join(' ')}`, width)];
      lines.push(clip(line, width));
      line = word;
    }
  }
  return [...lines, clip(line, width)];
}

function edgeLabel(x: number, y: number, text: string, onPath: boolean): string {
  return `<text class="edge-label${onPath ? ' on-path' : ''}" x="${n(x)}" y="${n(y)}" text-anchor="middle">${esc(text)}</text>`;
}

/** Readable YAML from plain data: flow style for small leaves, comments attached by document path. */
import { Document, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { DocPath } from '../model/types.js';

/** A comment placed above a key (`before`) or at the end of its value's line (`after`). */
export interface Comment {
  readonly path: DocPath;
  readonly before?: string;
  readonly after?: string;
  /** A blank line above the key, to separate sections. */
  readonly blankBefore?: boolean;
}

/**
 * Renders `data` as YAML: `header` becomes the comment block at the top, `flow(path, value)` picks the
 * collections written inline (`{ min: 1, likely: 2, max: 5 }`, `[champion, users]`), and `comments` are
 * attached to the keys they name. Quoting is the yaml library's, so any string (a company called
 * `O'Brien: "#1"`) round-trips.
 */
export function renderYaml(data: unknown, options: { header?: string; flow?: (path: DocPath, value: unknown) => boolean; comments?: readonly Comment[] }): string {
  const doc = new Document(data);
  if (options.header !== undefined) doc.commentBefore = indentComment(options.header);
  if (options.flow) markFlow(doc.contents as Node | null, [], options.flow);
  for (const comment of options.comments ?? []) {
    const pair = pairAt(doc, comment.path);
    if (!pair) throw new Error(`no key at ${comment.path.join('.')} to comment`);
    const key = pair.key as Node;
    if (comment.before !== undefined) key.commentBefore = indentComment(comment.before);
    if (comment.blankBefore) key.spaceBefore = true;
    if (comment.after !== undefined) {
      const value = pair.value as Node | null;
      if (!value || !(isScalar(value) || ((isMap(value) || isSeq(value)) && value.flow))) {
        throw new Error(`the value at ${comment.path.join('.')} is not on one line; comment it before`);
      }
      value.comment = ` ${comment.after}`;
    }
  }
  // lineWidth 0: long descriptions stay on one line rather than folding mid-sentence.
  return doc.toString({ lineWidth: 0 });
}

/** Comment lines longer than this are wrapped at spaces (the `# ` and indentation come on top). */
const COMMENT_WIDTH = 96;

/**
 * The yaml library writes `#` before each line of a comment: a line " text" becomes "# text" and a line " "
 * becomes "#", so blank lines stay inside the comment block. Long lines are wrapped, keeping their indent.
 */
function indentComment(text: string): string {
  return text
    .split('\n')
    .flatMap((line) => wrap(line, COMMENT_WIDTH))
    .map((line) => ` ${line}`)
    .join('\n');
}

/** Greedy word wrap; a `code span` is never split, and a word longer than the width stays whole on its own line. */
export function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = /^ */.exec(line)![0];
  const lines: string[] = [];
  let current = '';
  for (const word of line.slice(indent.length).match(/`[^`]*`\S*|[^\s`]+`[^`]*`\S*|\S+/g) ?? []) {
    if (current !== '' && indent.length + current.length + 1 + word.length > width) {
      lines.push(indent + current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(indent + current);
  return lines;
}

function markFlow(node: Node | null, path: DocPath, flow: (path: DocPath, value: unknown) => boolean): void {
  if (isMap(node) || isSeq(node)) {
    if (path.length > 0 && flow(path, node.toJSON())) {
      node.flow = true;
      return;
    }
    node.items.forEach((item, index) => {
      if (isPair(item)) markFlow(item.value as Node | null, [...path, String((item.key as { value?: unknown }).value)], flow);
      else markFlow(item as Node, [...path, index], flow);
    });
  }
}

function pairAt(doc: Document, path: DocPath): Pair | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  return parent.items.find((item) => isScalar(item.key) && item.key.value === last) as Pair | undefined;
}

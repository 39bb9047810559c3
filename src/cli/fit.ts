/** Fits the text reports to a width: a line too long wraps at spaces, continuing under its own text (a hanging indent). */
import { stripVTControlCharacters } from 'node:util';
import { displayWidth, wrapWords } from '../index.js';
import { DEFAULT_COLUMNS, terminalWidth, type Io } from './io.js';

/**
 * The width a report for a person should fit: the terminal's, else 100 — also in a pipe, since these reports are
 * read, not parsed (their JSON is for tools).
 */
export function reportWidth(io: Io): number {
  return terminalWidth(io) ?? DEFAULT_COLUMNS;
}

/**
 * Where a line's continuation starts: under the text after its indent and a leading label — a list number
 * ("  7. "), or a label followed by two spaces or more ("    no-next-step      ") — else two columns in from the
 * indent.
 */
function hangingIndent(line: string): number {
  const plain = stripVTControlCharacters(line);
  const labelled = /^(\s*)(\d+\.\s+|[\p{L}\p{N}][^\s]*\s{2,})/u.exec(plain);
  if (labelled) return displayWidth(labelled[0]);
  return displayWidth(/^\s*/.exec(plain)![0]) + 2;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Wraps every line of `text` wider than `width` columns (colour codes take none). A wrapped line loses its colours:
 * wrapping around the codes could cut one in two. Table rows ("│ … │") are left as they are: tables lay themselves
 * out to fit.
 */
export function fitText(text: string, width: number): string {
  const fitted: string[] = [];
  for (const line of text.split('\n')) {
    // Printable ASCII (no colour codes) within the width, most lines of a long report: nothing to do.
    if (line.length <= width && PRINTABLE_ASCII.test(line)) fitted.push(line);
    else for (const part of fitLine(line, width)) fitted.push(part);
  }
  return fitted.join('\n');
}

/** One line of {@link fitText}, wrapped when wider than `width`. */
function fitLine(line: string, width: number): string[] {
  const plain = stripVTControlCharacters(line);
  if (displayWidth(plain) <= width || /^\s*[│┌└├]/.test(plain)) return [line];
  const lead = /^\s*/.exec(plain)![0];
  const indent = Math.min(hangingIndent(plain), Math.floor(width / 2));
  // The first line could take (indent - lead) more columns; the simpler rule keeps every line within width.
  const [first = '', ...rest] = wrapWords(plain.slice(lead.length), width - indent);
  return [`${lead}${first}`, ...rest.map((part) => `${' '.repeat(indent)}${part}`)];
}

/** JSON deal data: NDJSON streamed record by record; a JSON document (one object, or an array of pages) parsed whole. */
import { constants } from 'node:buffer';
import { SpxError } from '../model/errors.js';
import type { DealCollector } from './collect.js';
import { parseInstant } from './dates.js';
import { countLines, type TextStream } from './text.js';

const { MAX_STRING_LENGTH } = constants;

/** Whether a head is NDJSON: its first line is a whole JSON object and more follows. */
export function isNdjson(head: string): boolean {
  // Lines end at LF (readJson splits there); firstLine's CR alone would take a CR-only file for NDJSON it cannot split.
  const newline = head.indexOf('\n');
  // A document on one line (a saved API response) is read whole, so that its issues give their JSON paths.
  if (newline === -1 || head.slice(newline + 1).trim() === '') return false;
  const first = head.slice(0, newline).trim();
  if (!first.startsWith('{') || !first.endsWith('}')) return false;
  try {
    JSON.parse(first);
  } catch {
    return false;
  }
  return true;
}

/** Whether a head starts like JSON at all. */
export function looksLikeJson(head: string): boolean {
  const start = head.trimStart();
  return start.startsWith('{') || start.startsWith('[');
}

/**
 * Where JSON.parse gave up: the offset of the first syntax error (Node's messages do not always carry one).
 * A small scanner with an explicit stack, so deep nesting cannot overflow it.
 */
export function syntaxErrorOffset(text: string): number {
  const length = text.length;
  let i = 0;
  const stack: ('{' | '[')[] = [];
  const space = (): void => {
    while (i < length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const string = (): boolean => {
    i++;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else if (c < 32) return false;
      else i++;
    }
    return false;
  };
  // Iterative: an opening bracket is pushed and the loop goes on to its first value, so no depth can overflow the call stack.
  for (;;) {
    // A value is expected here.
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      space();
      if (text[i] === (c === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else {
        if (c === '{') {
          if (text[i] !== '"' || !string()) return i;
          space();
          if (text[i] !== ':') return i;
          i++;
        }
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else {
      const scalar = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!scalar) return i;
      i += scalar[0].length;
    }
    // After a value: close what ends here, then a comma (and a key) before the next value.
    for (;;) {
      space();
      const top = stack.at(-1);
      if (top === undefined) return i < length ? i : length;
      if (text[i] === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return i;
      i++;
      if (top === '{') {
        space();
        if (text[i] !== '"' || !string()) return i;
        space();
        if (text[i] !== ':') return i;
        i++;
      }
      break;
    }
  }
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `${line}:${offset - lineStart + 1}`;
}

/**
 * Calls `onRecord` with each top-level value: every line of NDJSON (with its line; a line that is not JSON is a
 * `bad-record` issue), or the one document (a syntax error there is fatal: nothing in it can be trusted).
 */
export async function readJson(
  stream: TextStream,
  head: string,
  collector: DealCollector,
  onRecord: (value: unknown, line: number | undefined) => void,
): Promise<void> {
  const file = stream.file;
  // The head may end right after line 1 with more lines still to come: read on before calling it one document.
  if (isNdjson(head) || isNdjson(await stream.headPastFirstLine())) {
    let pending = '';
    let line = 1;
    const take = (text: string): void => {
      const trimmed = text.trim();
      if (trimmed !== '') {
        let value: unknown;
        try {
          value = JSON.parse(trimmed);
        } catch {
          collector.issue('bad-record', { file, line }, 'not a JSON value (each line of NDJSON is one JSON object); line not used');
          line++;
          return;
        }
        onRecord(value, line);
      }
      line++;
    };
    for await (const text of stream) {
      pending += text;
      let start = 0;
      for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n', start)) {
        take(pending.slice(start, newline));
        start = newline + 1;
      }
      pending = pending.slice(start);
      if (pending.length > 64 * 1024 * 1024) throw new SpxError('E_DEAL_DATA', `${file}:${line}: an NDJSON line longer than 64 MiB; check the file`);
    }
    take(pending);
    return;
  }
  const parts: string[] = [];
  let length = 0;
  for await (const text of stream) {
    length += text.length;
    // Past the longest string V8 makes, join would throw a RangeError: say what to do instead, with the line.
    if (length > MAX_STRING_LENGTH) {
      const line = parts.reduce((lines, part) => lines + countLines(part), 1);
      throw new SpxError('E_DEAL_DATA', `${file}:${line}: a JSON document longer than ${MAX_STRING_LENGTH} characters, more than one string can hold; save it as NDJSON (one deal or page per line) or in several files`);
    }
    parts.push(text);
  }
  const text = parts.join('');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = lineAndColumn(text, syntaxErrorOffset(text));
    throw new SpxError('E_DEAL_DATA', `${file}:${at}: not valid JSON (${String((error as Error).message).split('\n')[0]!.slice(0, 80)}); export the API responses again`);
  }
  onRecord(value, undefined);
}

/** A plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON scalar as text (numbers and booleans too), or undefined for null, missing, objects and empty strings. */
export function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The earliest epoch milliseconds read, 1e11 (1973-03-03): no CRM holds a deal from before, while epoch seconds of
 * any date from then to year 5138 are below it — a number below is seconds by mistake, reported, not read as 1970.
 */
const EARLIEST_EPOCH_MS = 1e11;

/**
 * A JSON time: epoch milliseconds (a number or a string of digits, as legacy APIs and webhooks send) or ISO 8601 text;
 * a number below {@link EARLIEST_EPOCH_MS} (epoch seconds, most likely) is an issue at its JSON path and undefined.
 */
export function jsonInstant(
  collector: DealCollector,
  value: unknown,
  what: string,
  source: Parameters<DealCollector['issue']>[1],
  dealId: string,
  timeZone = collector.options.timeZone,
): number | undefined {
  // Up to the end of year 9999, like ISO 8601 text: every instant stays printable as a date.
  const epoch = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : typeof value === 'string' && /^\d{10,15}$/.test(value.trim()) ? Number(value.trim()) : undefined;
  if (epoch !== undefined && epoch >= EARLIEST_EPOCH_MS && epoch <= LATEST) return epoch;
  if (epoch !== undefined && epoch < EARLIEST_EPOCH_MS) {
    // Read as milliseconds it would put the deal in 1970 and every age and forecast off by decades, without a word.
    const seconds = epoch * 1000 <= LATEST ? ` (${new Date(epoch * 1000).toISOString()})` : '';
    const message = epoch === 0 ? `${what} 0 is no date (1970-01-01, an empty value in some exports)` : `${what} ${epoch} looks like epoch seconds${seconds}; CRM exports use epoch milliseconds`;
    collector.issue('unparseable-date', source, `${message}: not used`, dealId);
    return undefined;
  }
  const text = scalar(value);
  if (text === undefined) {
    collector.issue('missing-field', source, `deal ${JSON.stringify(dealId.slice(0, 60))}: no ${what}; record not used`, dealId);
    return undefined;
  }
  const at = parseInstant(text, timeZone);
  if (at === undefined) collector.date(text, what, source, dealId);
  return at;
}

import { Chalk, type ChalkInstance } from 'chalk';

/** What a command may touch of the outside world, passed in so commands are testable without a process. */

export interface Io {
  stdout(text: string): void;
  /**
   * Writes UTF-8 bytes to stdout, in order with {@link stdout}, when the process can without a string (large reports
   * made as bytes); the caller may reuse `bytes` once it returns. Without it, {@link stdoutBytesOf} decodes them.
   */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** The terminal's width when stdout is one and it is known. */
  readonly stdoutColumns?: number | undefined;
  /** The terminal's width when stderr is one and it is known (`spx` without a command prints its help there). */
  readonly stderrColumns?: number | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The installed package's root (schemas/, processes/, docs/ live there). */
  readonly packageRoot: string;
  readonly version: string;
  /** The clock, read only by commands that need "today". */
  now(): Date;
}

/** Colours only on a TTY, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io.stdoutIsTTY && io.env['TERM'] !== 'dumb';
}

/** How to write UTF-8 bytes to `io`'s stdout: {@link Io.stdoutBytes}, or decoded to text where an Io has none. */
export function stdoutBytesOf(io: Io): (bytes: Uint8Array) => void {
  if (io.stdoutBytes !== undefined) return (bytes) => io.stdoutBytes!(bytes);
  return (bytes) => io.stdout(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** Columns that text output for a person should fit; spx keeps to 100 when the terminal does not say. */
export const DEFAULT_COLUMNS = 100;

/**
 * The width to wrap terminal text to: the terminal's columns (100 when unknown) on a TTY; undefined in a pipe, where
 * a finding stays on one line for grep.
 */
export function terminalWidth(io: Io): number | undefined {
  if (!io.stdoutIsTTY) return undefined;
  const columns = io.stdoutColumns;
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? columns : DEFAULT_COLUMNS;
}

/** A chalk that colours exactly when {@link useColor} says so. */
export function chalkFor(io: Io, flag: boolean | undefined): ChalkInstance {
  return new Chalk({ level: useColor(io, flag) ? 1 : 0 });
}

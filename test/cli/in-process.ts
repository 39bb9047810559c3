// The one way tests run spx in-process: run(argv, io) with a fake Io — output captured, clock fixed, no colours.
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { ROOT } from './run-cli.js';

/** What a run printed and its exit code, as the spawned CLI's run (test/cli/run-cli.ts) reports them. */
export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The fixed "now" of in-process runs unless a test says otherwise: Monday 2026-06-01, 09:30 UTC. */
export const NOW = new Date('2026-06-01T09:30:00Z');

export interface FakeIoOptions {
  /** Working directory; the repository root by default, as the spawned CLI's. */
  readonly cwd?: string;
  /** The environment the command sees (nothing of the test runner's leaks in); none, or TERM=dumb with `tty`, by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** stdout and stdin are terminals. */
  readonly tty?: boolean;
  /** The clock; {@link NOW} by default. */
  readonly now?: Date | string;
  /** Where the installed package lives (schemas/, processes/, docs/); the repository root by default. */
  readonly packageRoot?: string;
}

/** A fake Io whose output accumulates in `out` and `err`. */
export function fakeIo(options: FakeIoOptions = {}): Io & { out: string; err: string } {
  const now = options.now === undefined ? NOW : new Date(options.now);
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    stdoutIsTTY: options.tty ?? false,
    stdinIsTTY: options.tty ?? false,
    env: options.env ?? (options.tty ? { TERM: 'dumb' } : {}),
    cwd: options.cwd ?? ROOT,
    packageRoot: options.packageRoot ?? ROOT,
    version: '0.0.0-test',
    now: () => now,
  };
  return io;
}

/** Runs `spx ARGV` in this process. */
export async function spxIn(argv: readonly string[], options: FakeIoOptions = {}): Promise<InProcessRun> {
  const io = fakeIo(options);
  const code = await run(argv, io);
  return { code, stdout: io.out, stderr: io.err };
}

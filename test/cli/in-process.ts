// Runs spx in this process through run(argv, io) with a fake Io: output captured, clock fixed, no colours.
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { ROOT } from './run-cli.js';

export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The fixed "now" of in-process runs: Monday 2026-06-01, 09:30 UTC. */
export const NOW = new Date('2026-06-01T09:30:00Z');

export async function spxIn(argv: readonly string[], options: { cwd?: string; tty?: boolean; now?: Date } = {}): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdoutIsTTY: options.tty ?? false,
    stdinIsTTY: false,
    env: options.tty ? { TERM: 'dumb' } : {},
    cwd: options.cwd ?? ROOT,
    packageRoot: ROOT,
    version: '0.0.0-test',
    now: () => options.now ?? NOW,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

// An in-process Io for running commands through run(argv, io): captures stdout and stderr, fixed clock, no TTY.
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { ROOT } from './run-cli.js';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs spx in-process in `cwd` with the clock at `now`. */
export async function runSpx(argv: readonly string[], cwd: string, now = '2026-03-02T12:00:00Z'): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd,
    packageRoot: ROOT,
    version: '0.0.0',
    now: () => new Date(now),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

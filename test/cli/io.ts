// A fake Io for running commands in-process through run(argv, io): output captured, a fixed clock, no colours.
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { ROOT } from './run-cli.js';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs spx in this process with `cwd` and the clock at `now`. */
export async function runInProcess(argv: readonly string[], options: { cwd?: string; now?: string } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd: options.cwd ?? ROOT,
    packageRoot: ROOT,
    version: '0.0.0-test',
    now: () => new Date(options.now ?? '2026-06-15T12:00:00Z'),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

// Runs the built CLI (bin/spx.cjs → dist/) in a child process, exactly as a user or CI would.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/spx.cjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function spx(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliRun {
  // Colour settings of the machine running the tests must not leak into the assertions.
  const env: Record<string, string | undefined> = { ...process.env };
  delete env['NO_COLOR'];
  delete env['FORCE_COLOR'];
  Object.assign(env, options.env);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const created: string[] = [];

/**
 * Removes every directory tempDir made so far. test/setup.ts calls it after each test file: this module is evaluated
 * once per worker (files share the module cache), so an afterAll here would run for the first file only.
 */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) removeTree(dir);
}

/** Removes a directory a test made, even one whose files or subdirectories a test made unreadable. */
function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    const restore = (path: string): void => {
      chmodSync(path, 0o700);
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        if (entry.isDirectory()) restore(join(path, entry.name));
      }
    };
    restore(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh temporary directory with the given files (paths relative to it); removed when the test file ends. */
export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'spx-test-'));
  created.push(dir);
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), contents);
  }
  return dir;
}

#!/usr/bin/env node
'use strict';
// Process glue only: load the CLI bundles (each with a V8 code cache), run the CLI, exit with its code.
// CommonJS on purpose: it loads synchronously, without the ES module loader's start-up cost.
const { fstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, join, relative, resolve } = require('node:path');
const vm = require('node:vm');

const root = join(__dirname, '..');
const bundle = join(root, 'dist', 'cli.cjs');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// A clone without `npm install` / `npm run build`: one line, not a stack trace.
try {
  statSync(bundle);
} catch {
  process.stderr.write('spx is not built: run npm run build\n');
  process.exit(2);
}

// `spx lint | head` closes our stdout early: that is the reader's choice, not an error.
const onStdoutError = (error) => process.exit(error.code === 'EPIPE' ? 0 : 2);
// process.stdout is a stream whose making loads Node's stream modules (and net for a pipe): ~3 ms of a short run. Output
// to a file, a pipe, a socket or /dev/null is written directly instead, which is what the stream would do there (its
// writes to files are synchronous, and Node makes them so for pipes on Linux); a terminal gets the stream (its width,
// its colours).
/** Once a write has gone to the stream, every later one does too: a direct write could overtake what it still holds. */
let stdoutStream;
/** Direct writes encode into one reused buffer of this many UTF-16 units (3 bytes each at most), made on first use. */
const SCRATCH_CHARS = 1 << 19;
let stdoutScratch;
const writeDirectly = process.platform !== 'win32' && notTerminal(1);
if (writeDirectly) listenWhenMade('stdout');
else process.stdout.on('error', onStdoutError);

const cli = loadCli();
cli
  .run(process.argv.slice(2), {
    stdout: writeDirectly ? writeStdout : (text) => process.stdout.write(text),
    // A copy for the stream, which may hold it: the caller reuses its buffer.
    stdoutBytes: writeDirectly ? writeStdoutBytes : (bytes) => process.stdout.write(Buffer.from(bytes)),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: writeDirectly ? false : Boolean(process.stdout.isTTY),
    // A getter: process.stdin builds a stream (and loads fs streams, fs/promises and readline) that only spx init reads.
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    stdoutColumns: !writeDirectly && process.stdout.isTTY ? process.stdout.columns : undefined,
    // A getter, as stdinIsTTY: only help printed to stderr reads it.
    get stderrColumns() {
      return process.stderr.isTTY ? process.stderr.columns : undefined;
    },
    env: process.env,
    cwd: process.cwd(),
    packageRoot: root,
    version,
    now: () => new Date(),
  })
  .then((code) => {
    process.exitCode = code;
    cli.saveCache();
  });

/** Whether `fd` is surely not a terminal: a regular file, a pipe, a socket or /dev/null (fstat only, no stream made). */
function notTerminal(fd) {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || stat.isFIFO() || stat.isSocket()) return true;
    return stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/**
 * `text` as UTF-8: in one reused scratch buffer when it fits (a report written in chunks of tens of MB allocates no
 * buffer per chunk), else a new one.
 */
function utf8Bytes(text) {
  if (text.length > SCRATCH_CHARS) return Buffer.from(text, 'utf8');
  stdoutScratch ??= Buffer.allocUnsafe(3 * SCRATCH_CHARS);
  return stdoutScratch.subarray(0, stdoutScratch.write(text, 0, 'utf8'));
}

/** Writes all of `text` to fd 1; a broken pipe ends spx quietly, as the stream's error listener does. */
function writeStdout(text) {
  if (stdoutStream !== undefined) return stdoutStream.write(text);
  writeStdoutBytes(utf8Bytes(text));
}

/** Writes all of `bytes` to fd 1 (or to the stream, copied: the caller may reuse them), as {@link writeStdout}. */
function writeStdoutBytes(bytes) {
  if (stdoutStream !== undefined) return stdoutStream.write(Buffer.from(bytes));
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset, bytes.length - offset);
  } catch (error) {
    // A non-blocking pipe that is full: the stream waits for it to drain (with a copy: the scratch buffer is reused).
    if (error.code !== 'EAGAIN') return onStdoutError(error);
    stdoutStream = process.stdout;
    stdoutStream.write(Buffer.from(bytes.subarray(offset)));
  }
}

/** The stream's error listener, attached if anything (a prompt, the EAGAIN case above) makes process.stdout after all. */
function listenWhenMade(name) {
  const { get } = Object.getOwnPropertyDescriptor(process, name);
  let made;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: true,
    get() {
      if (made === undefined) {
        made = get.call(process);
        made.on('error', onStdoutError);
      }
      return made;
    },
  });
}

/**
 * Compiling the bundles' functions costs more than running them on one file. Node ≥ 22.1 caches compiled code
 * itself; on Node 20 we keep V8's code cache in a private per-user directory (never a shared tmp dir: cached
 * bytecode runs as code). dist/cli.cjs requires dist/core.cjs and, when a command runs, dist/commands/<name>.cjs:
 * each of them gets a cache of its own, through the `require` handed to the bundle. SPX_NO_COMPILE_CACHE=1 turns
 * it off.
 */
function loadCli() {
  if (process.argv.includes('--debug')) {
    // Stack traces that point into src/ (through the bundles' linked source maps), not into minified code.
    // Node applies source maps to modules it loads itself, not to the vm.Script below, so load them plainly.
    process.setSourceMapsEnabled(true);
    return { run: require(bundle).run, saveCache() {} };
  }
  if (Module.enableCompileCache || process.env.SPX_NO_COMPILE_CACHE) {
    if (!process.env.SPX_NO_COMPILE_CACHE) Module.enableCompileCache();
    return { run: require(bundle).run, saveCache() {} };
  }
  const dist = join(root, 'dist');
  const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'spx');
  // One cache per command and bundle: a cache holds the functions its first run compiled, so `spx lint` would gain
  // little from a cache made by `spx --version`. The build's mtime is in the name because V8 checks little more than
  // the source's length before trusting a cache (the build writes every bundle at once).
  const build = `cli-${version}-${process.version}-${process.arch}-${statSync(bundle).mtimeMs}`;
  const command = /^[a-z]+$/.test(process.argv[2] || '') ? process.argv[2] : 'other';
  const loaded = new Map();

  /** Runs one bundle of dist/ with its code cache; the bundles it requires by relative path load the same way. */
  function load(file) {
    const known = loaded.get(file);
    if (known) return known.module.exports;
    // dist/cli.cjs → "", dist/core.cjs → "-core", dist/commands/lint.cjs → "-commands-lint".
    const part = file === bundle ? '' : `-${relative(dist, file).replace(/\.cjs$/, '').split(/[\\/]/).join('-')}`;
    const cacheFile = join(cacheDir, `${build}-${command}${part}.v8`);
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache yet: this run makes one.
    }
    const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
    const cjsModule = { exports: {} };
    loaded.set(file, { module: cjsModule, script, cacheFile, cachedData });
    const requireHere = (id) => (id.startsWith('./') || id.startsWith('../') ? load(resolve(dirname(file), id)) : require(id));
    script.runInThisContext()(cjsModule.exports, requireHere, cjsModule, file, dirname(file));
    return cjsModule.exports;
  }

  return {
    run: load(bundle).run,
    // Written after the run, so each cache holds every function this kind of run compiled.
    saveCache() {
      try {
        let wrote = false;
        for (const { script, cacheFile, cachedData } of loaded.values()) {
          if (cachedData && !script.cachedDataRejected) continue;
          mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
          const temp = `${cacheFile}.${process.pid}.tmp`;
          writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
          renameSync(temp, cacheFile);
          wrote = true;
        }
        if (!wrote) return;
        // Caches of other builds a week old are gone (an upgrade, a rebuild). Not younger ones: another install
        // (a global spx and an npx one, two Node versions) may share this directory and still use its own.
        const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
        for (const name of readdirSync(cacheDir)) {
          const path = join(cacheDir, name);
          if (name.startsWith('cli-') && !name.startsWith(`${build}-`) && statSync(path).mtimeMs < weekAgo) rmSync(path, { force: true });
        }
      } catch {
        // A cache is an optimisation: a read-only home or a full disk must not fail the command.
      }
    },
  };
}

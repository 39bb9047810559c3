// spx as a dependency: `npm pack`, install the tarball into an empty project, type-check and run a TypeScript
// consumer of the library against the shipped declarations, and run the installed CLI's commands with
// `npx --no-install` — exactly what a team adopting spx does, offline when npm's cache has spx's dependencies.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics, lint, simulate } from '../../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };

let work: string;
let project: string;

/** Newest modification time of any file under `dir`. */
function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).mtimeMs));
}

function npm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: NPM_ENV, timeout: 120_000 });
}

function run(command: string, args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: project, encoding: 'utf8', env: { ...NPM_ENV, CI: 'true' }, timeout: 60_000 });
}

beforeAll(() => {
  // The global setup builds the bundles; the declarations come from `npm run build` — rebuilt here when stale.
  const types = join(ROOT, 'dist', 'types', 'index.d.ts');
  if (!existsSync(types) || statSync(types).mtimeMs < newest(join(ROOT, 'src'))) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-types.mjs')], { cwd: ROOT, stdio: 'ignore' });
  }
  work = mkdtempSync(join(tmpdir(), 'spx-consumer-'));
  // --ignore-scripts: the bundles and declarations are built already; `prepare` would only build them again.
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  expect(packed.status, packed.stderr).toBe(0);
  const tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);

  project = join(work, 'project');
  cpSync(join(ROOT, 'processes'), join(project, 'processes'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = ['install', '--no-audit', '--no-fund', '--save-dev', tarball];
  // spx's runtime dependencies are in npm's cache after `npm ci`; a machine without them fetches them.
  let installed = npm([...install, '--offline'], project);
  if (installed.status !== 0) installed = npm([...install, '--prefer-offline'], project);
  expect(installed.status, installed.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const CONSUMER = `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { computeMetrics, lint, simulate, simulateParallel, SpxError, type LintResult, type SimulationReport } from 'spx';

const contents = readFileSync('node_modules/spx/processes/smb.yaml', 'utf8');
const results: LintResult[] = lint([{ file: 'smb.yaml', contents }]);
const process = results[0]!.process!;
const metrics = computeMetrics(process);
const report: SimulationReport = simulate(process, { deals: 20000, seed: 7 });
const workerFile = fileURLToPath(new URL('simulate-worker.cjs', import.meta.resolve('spx')));
const threaded = await simulateParallel(process, { deals: 20000, seed: 7 }, { workers: 2, workerFile });
// @ts-expect-error the types are real: lint takes inputs, not a number (never called)
export const misuse = () => lint(42);
// @ts-expect-error yaml's types resolve through spx's dependency: linePos gives a position, not a string
export const position: string = results[0]!.parsed!.lineCounter.linePos(0);
console.log(JSON.stringify({ errors: results[0]!.errorCount, winRate: metrics.winRate, simulated: report.winRate, threadsAgree: JSON.stringify(threaded) === JSON.stringify(report), spxError: typeof SpxError }));
`;

describe('the packed package in an empty project', () => {
  it('ships the bundles, declarations and LICENSE, no source maps, and bundles that require only Node built-ins', () => {
    const installed = join(project, 'node_modules', 'spx');
    const files = readdirSync(installed, { recursive: true }) as string[];
    expect(files).toContain('LICENSE');
    expect(files).toContain(join('dist', 'types', 'index.d.ts'));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src'))).toEqual([]);
    const bundles = files.filter((f) => /^dist\/.*\.c?js$/.test(f));
    expect(bundles.length).toBeGreaterThan(10);
    for (const bundle of bundles) {
      const source = readFileSync(join(installed, bundle), 'utf8');
      // (Not inside string literals: Ajv's runtime holds `'require("ajv/dist/runtime/equal")'` as generated-code text.)
      const required = [...source.matchAll(/(?<!['\w.$])require\("([^"]+)"\)/g)].map((m) => m[1]!).filter((id) => !id.startsWith('.'));
      // The @inquirer prompts, commander, chalk…: all inside the bundles, so they can be devDependencies.
      expect(required.filter((id) => !id.startsWith('node:') && !builtinModules.includes(id)), bundle).toEqual([]);
    }
  });

  it('ships the JSON Schemas of every command output, resolvable as spx/schemas/output/<command>.schema.json', () => {
    const shipped = readdirSync(join(project, 'node_modules', 'spx', 'schemas', 'output')).sort();
    expect(shipped).toEqual(readdirSync(join(ROOT, 'schemas', 'output')).sort());
    const resolved = run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('spx/schemas/output/path.schema.json'))"]);
    expect(resolved.stderr).toBe('');
    expect(existsSync(fileURLToPath(resolved.stdout.trim()))).toBe(true);
  });

  it('type-checks a TypeScript consumer against the shipped types and runs it', () => {
    writeFileSync(join(project, 'consumer.ts'), CONSUMER);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          // Checking @types/node itself would triple the time; the consumer's own code is checked against spx's types.
          skipLibCheck: true,
          outDir: 'out',
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = run(process.execPath, [TSC, '-p', '.']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const output = run(process.execPath, ['out/consumer.js']);
    expect(output.stderr).toBe('');
    const smb = readFileSync(join(ROOT, 'processes', 'smb.yaml'), 'utf8');
    const process_ = lint([{ file: 'smb.yaml', contents: smb }])[0]!.process!;
    expect(JSON.parse(output.stdout)).toEqual({
      errors: 0,
      winRate: computeMetrics(process_).winRate,
      simulated: simulate(process_, { deals: 20000, seed: 7 }).winRate,
      threadsAgree: true,
      spxError: 'function',
    });
  }, 60_000);

  it('compiles and runs the Library API example of docs/library.md', () => {
    const readme = readFileSync(join(ROOT, 'docs/library.md'), 'utf8');
    const section = readme.slice(readme.indexOf('# Library API'));
    const example = section.slice(section.indexOf('```ts\n') + 6, section.indexOf('\n```', section.indexOf('```ts\n')));
    expect(example).toContain("from 'spx'");
    writeFileSync(join(project, 'readme-example.ts'), `${example}\nconsole.log(JSON.stringify({ winRate, expectedCycleWon, path: path.kind, deals: report.deals }));\n`);
    const tsconfig = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')) as { files: string[] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...tsconfig, files: ['readme-example.ts'] }));
    const tsc = run(process.execPath, [TSC, '-p', '.']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const output = run(process.execPath, ['out/readme-example.js']);
    expect(output.stderr).toBe('');
    expect(JSON.parse(output.stdout)).toMatchObject({ path: 'path', deals: 100000 });
  }, 60_000);

  it('runs the installed CLI with npx --no-install: lint, path, and every other command', () => {
    const npx = (...args: string[]) => run('npx', ['--no-install', 'spx', ...args]);
    expect(npx('lint')).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const path = npx('path', 'processes/smb.yaml', '--json');
    expect(path.status).toBe(0);
    expect((JSON.parse(path.stdout) as { process: string }[])[0]!.process).toBe('smb');

    // The other commands through the installed bin link (what npx runs), without npm's start-up each time.
    const spx = (...args: string[]) => run(process.execPath, [join(project, 'node_modules', '.bin', 'spx'), ...args]);
    expect(spx('rules', '--json').status).toBe(0);
    expect(spx('next', 'processes/smb.yaml', '--at', 'discovery', '--date', '2026-12-01', '--json').status).toBe(0);
    expect(spx('graph', 'processes/smb.yaml').stdout).toMatch(/^flowchart/);
    expect(spx('route', '--employees', '10', '--json').status).toBe(0);
    expect(spx('diff', 'processes/smb.yaml', 'processes/smb.yaml', '--json').status).toBe(0);
    // Two threads: the worker script ships and runs from the installed package.
    const simulated = spx('simulate', 'processes/smb.yaml', '--deals', '30000', '--workers', '2', '--json');
    expect(simulated.stderr).toBe('');
    expect(simulated.status).toBe(0);
    const init = spx('init', '--yes', '--segment', 'smb', '--company', 'Acme', '--dir', 'scaffolded');
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(spx('lint', 'scaffolded/processes').status).toBe(0);
  });
});

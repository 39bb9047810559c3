// Builds spx: precompiled schema validators, declarations, then the bundles:
// - dist/cli.cjs: the commander program and every command's declaration (src/cli/main.ts, commands/*.command.ts).
// - dist/core.cjs: the library (src/index.ts), which the CLI reaches only through its public API.
// - dist/commands/<name>.cjs: one command's work, required by cli.cjs only when that command runs, so `spx lint`
//   never loads the simulator, the diff or the init wizard and its prompt library.
//   All CommonJS: bin/spx.cjs hands each file to V8 with its own code cache (Node 20 has no
//   module.enableCompileCache), which roughly halves start-up; ESM code splitting would lose that cache.
// - dist/simulate-worker.cjs, dist/forecast-worker.cjs: the simulation and forecast worker threads.
// - dist/index.js: the library API as ESM (a re-export of dist/core.cjs), and dist/types: its declarations (tsc).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateValidators } from './generate-validators.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await generateValidators();
// Outputs of older layouts; current outputs are replaced atomically below, so a CLI running while we
// build (a test, another terminal) never finds a missing or half-written bundle. dist/types is tsc's.
for (const stale of ['chunks', 'cli.js', 'commands']) rmSync(join(root, 'dist', stale), { recursive: true, force: true });

async function buildAtomically(options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const { path, contents } of outputFiles) {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, contents);
    renameSync(temp, path);
  }
}

/**
 * yaml's parser reads process.env.LOG_TOKENS for every token and its composer process.env.LOG_STREAM for every
 * document (debug switches of the library): each read is a call into C++, and together they were a tenth of the
 * time of parsing a process. spx never sets them, so the bundles read constants instead.
 */
const yamlWithoutDebugSwitches = {
  name: 'yaml-without-debug-switches',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const contents = source.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'false');
      if (contents === source) throw new Error(`${path}: the LOG_TOKENS / LOG_STREAM switches moved; update scripts/build.mjs`);
      return { contents, loader: 'js' };
    });
  },
};

/**
 * fdir (tinyglobby's directory walker) requires picomatch from node_modules when it loads, for a glob option of its
 * own that tinyglobby never uses: a resolution and an uncached module load on every `spx lint`. The bundles leave it out.
 */
const fdirWithoutOptionalPicomatch = {
  name: 'fdir-without-optional-picomatch',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const contents = source.replace(/__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/, '');
      if (contents === source) throw new Error(`${path}: fdir's optional picomatch moved; update scripts/build.mjs`);
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Modules most runs never use, loaded on first use instead of when the bundle loads: `node:child_process` (commander's
 * executable subcommands, which spx has none of; git for `--base`), `node:worker_threads` (multi-threaded simulation),
 * `semver` (version bumps in diff and write-back) and `yaml` (files the fast front end declines, write-back, scaffolds):
 * together several milliseconds of every `spx lint`. Each becomes
 * a module of getters, one per export, that requires the real module when one is read.
 */
const LAZY_MODULES = ['node:child_process', 'node:worker_threads', 'semver', 'yaml'];
const require = createRequire(import.meta.url);
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_MODULES.map((m) => m.replace(/[/:]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, ({ path, namespace }) => (namespace === 'lazy-module' ? undefined : { path, namespace: 'lazy-module' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, ({ path }) => {
      const names = Object.keys(require(path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      const getters = names.map((name) => `  get ${name}() { return load().${name}; },`).join('\n');
      return {
        contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(path)}));\nmodule.exports = {\n${getters}\n};\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};

/**
 * chalk works out at import whether stdout and stderr are terminals, loading `node:tty` (and with it `net`) to ask;
 * spx never reads that answer (every Chalk it makes is given its level by useColor), so chalk gets a supports-color
 * that answers "no colour" without asking.
 */
const chalkWithoutTerminalDetection = {
  name: 'chalk-without-terminal-detection',
  setup(build) {
    build.onResolve({ filter: /^#supports-color$/ }, ({ importer }) =>
      /[\\/]node_modules[\\/]chalk[\\/]/.test(importer) ? { path: 'supports-color', namespace: 'no-terminal-detection' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-terminal-detection' }, () => ({
      contents: 'export function createSupportsColor() { return false; }\nexport default { stdout: false, stderr: false };\n',
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // SPX_NO_MINIFY=1 keeps names readable, for CPU profiles of the bundles.
  minify: process.env.SPX_NO_MINIFY !== '1',
  keepNames: false,
  legalComments: 'none',
  // Linked source maps: `spx --debug` turns them on, so its stack traces name our files and lines.
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [yamlWithoutDebugSwitches, fdirWithoutOptionalPicomatch, lazyModules, chalkWithoutTerminalDetection],
};

/** The commands whose work is a bundle of its own (src/cli/commands/<name>.ts → dist/commands/<name>.cjs). */
const COMMAND_BUNDLES = ['lint', 'rules', 'path', 'next', 'graph', 'route', 'init', 'diff', 'simulate', 'sensitivity', 'calibrate', 'synthesize', 'export', 'import', 'report', 'audit', 'forecast'];

/**
 * Keeps the bundles apart: the CLI's imports of src/index.ts become a require of dist/core.cjs, and a command
 * declaration's lazy import of its work a require of dist/commands/<name>.cjs. `fromDir` is the output directory
 * of the bundle being built, which the required paths are relative to.
 */
function splitBundles(fromDir) {
  const cli = join(root, 'src', 'cli');
  const relativeTo = (file) => {
    const path = relative(join(root, 'dist', fromDir), join(root, 'dist', file)).split(sep).join('/');
    return path.startsWith('.') ? path : `./${path}`;
  };
  return {
    name: 'split-bundles',
    setup(build) {
      build.onResolve({ filter: /index\.js$/ }, ({ path, resolveDir, kind }) => {
        if (resolve(resolveDir, path) !== join(root, 'src', 'index.js') || !resolveDir.startsWith(cli)) return undefined;
        // A lazy import of the library stays lazy: a require when it runs (see command-bundle below).
        return kind === 'dynamic-import' ? { path: 'core', namespace: 'command-bundle' } : { path: relativeTo('core.cjs'), external: true };
      });
      // A plain require behind the lazy import: the bundle stays CommonJS, loaded (with its code cache) by bin/spx.cjs.
      build.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, ({ path, importer, kind }) => {
        const name = path.slice(2, -3);
        if (kind !== 'dynamic-import' || !importer.endsWith(`${name}.command.ts`) || !COMMAND_BUNDLES.includes(name)) return undefined;
        return { path: name, namespace: 'command-bundle' };
      });
      build.onLoad({ filter: /.*/, namespace: 'command-bundle' }, ({ path }) => ({
        contents: `module.exports = require(${JSON.stringify(relativeTo(path === 'core' ? 'core.cjs' : `commands/${path}.cjs`))});`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^\.\.?\/.*\.cjs$/ }, ({ path }) => ({ path, external: true }));
    },
  };
}

const cjs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  // Some ESM dependencies read import.meta.url; in a CommonJS bundle it is this file's URL.
  define: { 'import.meta.url': '__spxImportMetaUrl' },
  banner: { js: "const __spxImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await buildAtomically({ ...cjs, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', plugins: [...common.plugins, splitBundles('.')] });
await buildAtomically({
  ...cjs,
  entryPoints: { core: 'src/index.ts', 'simulate-worker': 'src/simulate/worker-entry.ts', 'forecast-worker': 'src/deals/forecast-worker-entry.ts' },
  outdir: 'dist',
});
await buildAtomically({
  ...cjs,
  entryPoints: Object.fromEntries(COMMAND_BUNDLES.map((name) => [name, `src/cli/commands/${name}.ts`])),
  outdir: 'dist/commands',
  plugins: [...common.plugins, splitBundles('commands')],
});

// The library's ESM entry re-exports dist/core.cjs (Node finds its named exports: esbuild annotates them for
// cjs-module-lexer), so the package ships the library's code once, and the CLI and an `import` of spx share it.
const indexJs = join(root, 'dist', 'index.js');
writeFileSync(`${indexJs}.${process.pid}.tmp`, "// The spx library (ESM): the same module as the CLI's dist/core.cjs.\nexport * from './core.cjs';\n");
renameSync(`${indexJs}.${process.pid}.tmp`, indexJs);
rmSync(`${indexJs}.map`, { force: true });

// The published JSON Schemas of every command's --format json output (schemas/output/) checked against real output.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { spxIn, type FakeIoOptions } from '../cli/in-process.js';
import { ROOT, tempDir } from '../cli/run-cli.js';
import { eventsCsv, hubspotJson } from '../deals/exports.js';
import { AS_OF, pipeline } from '../deals/pipeline.js';

const SCHEMAS = join(ROOT, 'schemas/output');

/** Strict: a keyword ajv does not know (a typo in a schema) is an error, not ignored. The formats the schemas use, as spx writes them. */
function newAjv(): Ajv2020 {
  return new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })
    .addFormat('date', /^\d{4}-\d{2}-\d{2}$/)
    .addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    .addFormat('uri', /^https:\/\/\S+$/);
}
const ajv = newAjv();

function schemaOf(command: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMAS, `${command}.schema.json`), 'utf8')) as Record<string, unknown>;
}

const validators = new Map<string, ValidateFunction>();
function validatorOf(command: string): ValidateFunction {
  let validate = validators.get(command);
  if (!validate) {
    validate = ajv.compile(schemaOf(command));
    validators.set(command, validate);
  }
  return validate;
}

/** Runs spx in-process and validates its stdout against the command's schema; returns the parsed output. */
async function validOutput(argv: readonly string[], expectedCode = 0, options: FakeIoOptions = {}): Promise<unknown> {
  const run = await spxIn(argv, options);
  expect(run.stderr.split('\n').filter((line) => line.includes('[E_')), run.stderr).toEqual([]);
  expect(run.code, run.stderr).toBe(expectedCode);
  const output: unknown = JSON.parse(run.stdout);
  const validate = validatorOf(argv[0]!);
  const errors = validate(output) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  expect(errors, `spx ${argv.join(' ')}`).toEqual([]);
  expectShapeChangesRejected(validate, output);
  return output;
}

/** The schema is closed and its fields required: the same output with a field too many, or one fewer, is invalid. */
function expectShapeChangesRejected(validate: ValidateFunction, output: unknown): void {
  const copy = JSON.parse(JSON.stringify(output)) as unknown;
  const target = (Array.isArray(copy) ? copy[0] : copy) as Record<string, unknown> | undefined;
  if (target === undefined) return;
  const [firstKey] = Object.keys(target);
  target['unexpectedField'] = 1;
  expect(validate(copy), 'a field too many').toBe(false);
  delete target['unexpectedField'];
  delete target[firstKey!];
  expect(validate(copy), `without ${firstKey}`).toBe(false);
}

/** The commands whose --format takes json (or that take --json), read from the command registry. */
function commandsWithJson(): string[] {
  const program = new Command('spx');
  for (const register of COMMANDS) register(program, { io: undefined as never, exit: () => {} });
  const hasJson = (option: Option) => option.long === '--json' || (option.long === '--format' && (option.argChoices ?? []).includes('json'));
  return program.commands.filter((command) => command.options.some(hasJson)).map((command) => command.name());
}

/** Every command the tests below validate; a command with a JSON format and no entry here fails the registry test. */
const TESTED = new Set<string>();
function describeCommand(name: string, body: () => void): void {
  TESTED.add(name);
  describe(`spx ${name} --json`, body);
}

describe('output schemas', () => {
  it('exist for every command with a JSON format, and only for those; each is tested below', () => {
    const commands = commandsWithJson();
    expect(commands.length).toBeGreaterThanOrEqual(11);
    const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json')).map((f) => f.replace('.schema.json', ''));
    expect(files.sort()).toEqual([...commands].sort());
    expect([...TESTED].sort()).toEqual([...commands].sort());
  });

  it.each(readdirSync(SCHEMAS))('%s: draft 2020-12, its $id, a title, and a description on every property', (file) => {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Record<string, unknown>;
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe(`https://spx.dev/schemas/output/${file}`);
    expect(typeof schema['title']).toBe('string');
    expect(typeof schema['description']).toBe('string');
    expect(undocumented(schema, schema, '#')).toEqual([]);
    // Compiles in strict mode: no unknown keyword, no bad $ref.
    expect(() => newAjv().compile(schema)).not.toThrow();
  });

  it('are linked from the docs of their command', () => {
    for (const command of commandsWithJson()) {
      // audit and forecast share a page; every other command has its own under docs/cli/.
      const doc = existsSync(join(ROOT, `docs/cli/${command}.md`)) ? `docs/cli/${command}.md` : 'docs/audit-forecast.md';
      const prefix = doc.startsWith('docs/cli/') ? '../../' : '../';
      expect(readFileSync(join(ROOT, doc), 'utf8'), doc).toContain(`](${prefix}schemas/output/${command}.schema.json)`);
      expect(readFileSync(join(ROOT, 'docs/cli/README.md'), 'utf8'), 'docs/cli/README.md').toContain(`](../../schemas/output/${command}.schema.json)`);
    }
  });
});

/** JSON pointers of properties without a description (on the property, or on the `$defs` entry it only refers to). */
function undocumented(root: Record<string, unknown>, node: unknown, at: string): string[] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((item, i) => undocumented(root, item, `${at}/${i}`));
  const object = node as Record<string, unknown>;
  const missing: string[] = [];
  const properties = object['properties'];
  if (properties && typeof properties === 'object') {
    for (const [key, property] of Object.entries(properties as Record<string, Record<string, unknown>>)) {
      if (typeof property['description'] !== 'string' && !refDescribed(root, property)) missing.push(`${at}/properties/${key}`);
    }
  }
  for (const [key, value] of Object.entries(object)) missing.push(...undocumented(root, value, `${at}/${key}`));
  return missing;
}

/** A property that is only a `$ref` to `#/$defs/NAME` is described by that definition's description. */
function refDescribed(root: Record<string, unknown>, property: Record<string, unknown>): boolean {
  const ref = property['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return false;
  const target = (root['$defs'] as Record<string, Record<string, unknown>> | undefined)?.[ref.slice('#/$defs/'.length)];
  return typeof target?.['description'] === 'string';
}

/** A process no deal can win (test/fixtures/disqualified.yaml with its won transition sent to lost), in a directory whose config turns no-path-to-won off. */
function noWinDir(): string {
  const fixture = readFileSync(join(ROOT, 'test/fixtures/disqualified.yaml'), 'utf8');
  return tempDir({
    'spx.config.yaml': 'rules:\n  no-path-to-won: off\n',
    'qualified.yaml': fixture,
    'no-win.yaml': fixture.replace('- { to: won, p: 0.5, within: 2 }', '- { to: lost, p: 0.5, within: 2, reason: silence }').replace('targets: { winRate: 0.45 }\n', ''),
  });
}

describeCommand('lint', () => {
  it('findings in one file, and a clean file beside it', async () => {
    const output = (await validOutput(['lint', 'examples/broken.yaml', 'processes/smb.yaml', '--json'], 1)) as { messages: unknown[] }[];
    expect(output).toHaveLength(2);
    expect(output[0]!.messages.length).toBeGreaterThan(0);
    expect(output[1]!.messages).toEqual([]);
  });

  it('a file that is not valid against the process schema, and --quiet', async () => {
    await validOutput(['lint', 'examples/broken-schema.yaml', '--format', 'json'], 1);
    await validOutput(['lint', 'examples/broken.yaml', '--json', '--quiet'], 1);
  });

  it('every bundled process and example together', async () => {
    await validOutput(['lint', 'processes', 'examples/enterprise-healthcare.yaml', 'examples/diff', '--json'], 1);
  });
});

describeCommand('rules', () => {
  it('the whole catalog', async () => {
    const output = (await validOutput(['rules', '--json'])) as { defaultOptions?: unknown }[];
    expect(output.some((rule) => rule.defaultOptions !== undefined)).toBe(true);
  });
});

describeCommand('path', () => {
  it('a gate that blocks every path, and a process no deal can win', async () => {
    const [blocked] = (await validOutput(['path', 'test/fixtures/gate-warning/branching-gate.yaml', '--config', 'test/fixtures/gate-warning/spx.config.yaml', '--from', 'alignment', '--json'], 1)) as { minimalPath: { blocked: unknown } }[];
    expect(blocked!.minimalPath.blocked).not.toBeNull();
    const [none] = (await validOutput(['path', 'no-win.yaml', '--json'], 1, { cwd: noWinDir() })) as { minimalPath: { blocked: unknown }; expectedCycleDays: { won: unknown } }[];
    expect(none!.minimalPath.blocked).toBeNull();
    expect(none!.expectedCycleDays.won).toBeNull();
  });

  it('several files, each criterion', async () => {
    await validOutput(['path', 'processes/smb.yaml', 'processes/mid-market.yaml', 'processes/enterprise.yaml', '--json']);
    await validOutput(['path', 'processes/enterprise.yaml', '--by', 'time', '--json']);
    await validOutput(['path', 'examples/enterprise-healthcare.yaml', '--by', 'probability', '--format', 'json']);
  });

  it('--from, disqualified outcomes, and a --set scenario', async () => {
    await validOutput(['path', 'processes/smb.yaml', '--from', 'demo', '--json']);
    await validOutput(['path', 'test/fixtures/disqualified.yaml', '--json']);
    const [first] = (await validOutput(['path', 'processes/smb.yaml', '--set', 'steps.demo.next.trial.p=0.8', '--json'])) as { scenario?: unknown[] }[];
    expect(first!.scenario).toContainEqual({ path: 'steps.demo.next.trial.p', from: 0.75, to: 0.8 });
  });
});

describeCommand('next', () => {
  const GATED = 'test/fixtures/gate-warning/branching-gate.yaml';
  const GATED_CONFIG = 'test/fixtures/gate-warning/spx.config.yaml';

  it('a next step found, at several steps and criteria, with a --set scenario', async () => {
    await validOutput(['next', 'processes/smb.yaml', '--at', 'demo', '--date', '2026-06-01', '--json']);
    await validOutput(['next', 'processes/enterprise.yaml', '--at', 'discovery', '--by', 'probability', '--json']);
    await validOutput(['next', 'processes/mid-market.yaml', '--at', 'discovery', '--by', 'time', '--format', 'json']);
    await validOutput(['next', 'test/fixtures/disqualified.yaml', '--at', 'a', '--json']);
    await validOutput(['next', 'processes/smb.yaml', '--at', 'discovery', '--set', 'steps.demo.next.trial.p=0.8', '--json']);
  });

  it('the best move is straight to won: next is null', async () => {
    const output = (await validOutput(['next', 'processes/smb.yaml', '--at', 'closing-call', '--json'])) as { next: unknown };
    expect(output.next).toBeNull();
  });

  it('won cannot be reached (exit 1)', async () => {
    const output = (await validOutput(['next', 'no-win.yaml', '--at', 'a', '--json'], 1, { cwd: noWinDir() })) as { blocked: unknown; recovery: unknown };
    expect(output.blocked).toBeNull();
  });

  it('a gate blocks every way forward (exit 1)', async () => {
    const output = (await validOutput(['next', GATED, '--config', GATED_CONFIG, '--at', 'alignment', '--json'], 1)) as { recovery: unknown };
    expect(output.recovery).not.toBeNull();
  });
});

describeCommand('route', () => {
  it('one process applies, with each criterion given', async () => {
    const output = (await validOutput(['route', '--employees', '250', '--arr', '60000', '--region', 'emea', '--industry', 'saas', '--json'])) as { result: string };
    expect(output.result).toBe('one');
  });

  it('several, none, and an industry-specific process that overrides', async () => {
    expect(((await validOutput(['route', '--json'], 1)) as { result: string }).result).toBe('several');
    expect(((await validOutput(['route', 'examples/enterprise-healthcare.yaml', '--employees', '5', '--json'], 1)) as { result: string }).result).toBe('none');
    const dir = tempDir({
      'enterprise.yaml': readFileSync(join(ROOT, 'processes/enterprise.yaml'), 'utf8'),
      'healthcare.yaml': readFileSync(join(ROOT, 'examples/enterprise-healthcare.yaml'), 'utf8'),
      'unscoped.yaml': readFileSync(join(ROOT, 'test/fixtures/disqualified.yaml'), 'utf8'),
    });
    const output = (await validOutput(['route', dir, '--employees', '5000', '--industry', 'healthcare', '--json'], 0)) as { processes: { status: string }[] };
    expect(output.processes.map((p) => p.status).sort()).toEqual(['match', 'overridden', 'unscoped']);
  });
});

describeCommand('simulate', () => {
  it('several files, with close dates and percentiles', async () => {
    const output = (await validOutput(['simulate', 'processes/smb.yaml', 'processes/enterprise.yaml', '--deals', '2000', '--start-date', '2026-06-01', '--percentiles', '10,50,90', '--json'])) as {
      bottlenecks: { tracks: unknown[] };
    }[];
    expect(output[1]!.bottlenecks.tracks.length).toBeGreaterThan(0);
  });

  it('deals in flight (--from), disqualified outcomes, a --set scenario, and no won deal', async () => {
    const [inFlight] = (await validOutput(['simulate', 'processes/enterprise.yaml', '--from', 'reviews', '--deals', '500', '--json'])) as { gateMisses: unknown }[];
    expect(inFlight!.gateMisses).toBeNull();
    await validOutput(['simulate', 'test/fixtures/disqualified.yaml', '--deals', '500', '--seed', '7', '--json']);
    await validOutput(['simulate', 'processes/mid-market.yaml', '--deals', '500', '--set', 'metadata.version=9.9.9', '--format', 'json']);
    const [none] = (await validOutput(['simulate', 'processes/smb.yaml', '--deals', '1', '--seed', '3', '--start-date', '2026-06-01', '--json'])) as { cycleDays: unknown; closeDates: unknown }[];
    expect(none!.cycleDays).toBeNull();
    expect(none!.closeDates).toBeNull();
  });
});

describeCommand('sensitivity', () => {
  it('several files, both rankings, disqualified outcomes', async () => {
    await validOutput(['sensitivity', 'processes/smb.yaml', 'processes/enterprise.yaml', 'test/fixtures/disqualified.yaml', '--json']);
  });

  it('one ranking, capacity, a bookings target, and a --set scenario', async () => {
    const [byCycle] = (await validOutput(['sensitivity', 'processes/mid-market.yaml', '--by', 'cycle', '--top', '3', '--opportunities', '40', '--json'])) as { ranked: { winRate: unknown } }[];
    expect(byCycle!.ranked.winRate).toBeNull();
    const [planned] = (await validOutput([
      'sensitivity', 'processes/smb.yaml', '--by', 'win-rate', '--target', '100000', '--deal-value', '5000', '--from-month', '2026-07', '--by-month', '2026-09',
      '--deals', '20000', '--set', 'steps.demo.next.trial.p=0.8', '--json',
    ])) as { target: { months: unknown[] } }[];
    expect(planned!.target.months).toHaveLength(3);
  });
});

describeCommand('diff', () => {
  it('two named files: a minor change, declared', async () => {
    const output = (await validOutput(['diff', 'examples/diff/enterprise-v1.yaml', 'examples/diff/enterprise-v2.yaml', '--json'])) as { base: unknown; files: { changes: unknown[] }[] };
    expect(output.base).toBeNull();
    expect(output.files[0]!.changes.length).toBeGreaterThan(0);
  });

  it('a version not raised enough, and a file against itself', async () => {
    const dir = tempDir({ 'v2.yaml': readFileSync(join(ROOT, 'examples/diff/enterprise-v2.yaml'), 'utf8').replace(/version: 1\.1\.0/, 'version: 1.0.1') });
    const output = (await validOutput(['diff', 'examples/diff/enterprise-v1.yaml', join(dir, 'v2.yaml'), '--json', '--fail-on', 'bump'], 1)) as { files: { ok: boolean }[] };
    expect(output.files[0]!.ok).toBe(false);
    await validOutput(['diff', 'processes/smb.yaml', 'processes/smb.yaml', '--format', 'json']);
  });

  it('to a version no deal can win', async () => {
    const output = (await validOutput(['diff', 'qualified.yaml', 'no-win.yaml', '--json'], 0, { cwd: noWinDir() })) as { files: { impact: { minimalPath: { after: { blocked: unknown } } } }[] };
    expect(output.files[0]!.impact.minimalPath.after.blocked).toBeNull();
  });

  it('--base in a git repository: added, removed and modified files', async () => {
    const gitEnv = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'spx tests', GIT_AUTHOR_EMAIL: 'spx@example.com', GIT_COMMITTER_NAME: 'spx tests', GIT_COMMITTER_EMAIL: 'spx@example.com' };
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: { ...process.env, ...gitEnv }, stdio: 'ignore' });
    const repo = tempDir({ 'processes/enterprise.yaml': readFileSync(join(ROOT, 'examples/diff/enterprise-v1.yaml'), 'utf8') });
    copyFileSync(join(ROOT, 'processes/smb.yaml'), join(repo, 'processes/smb.yaml'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'v1');
    writeFileSync(join(repo, 'processes/enterprise.yaml'), readFileSync(join(ROOT, 'examples/diff/enterprise-v2.yaml'), 'utf8'));
    rmSync(join(repo, 'processes/smb.yaml'));
    copyFileSync(join(ROOT, 'processes/mid-market.yaml'), join(repo, 'processes/mid-market.yaml'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'v2');
    const output = (await validOutput(['diff', '--base', 'HEAD~1', '--json'], 0, { cwd: repo, env: { PATH: process.env['PATH'], ...gitEnv } })) as { base: string; files: { status: string }[] };
    expect(output.base).toBe('HEAD~1');
    expect(output.files.map((f) => f.status).sort()).toEqual(['added', 'modified', 'removed']);
  });
});

/** Deal data the deal-data commands read, made once: `spx synthesize` output (with a bad row and a stage no process maps), and a CRM-like pipeline with owners, amounts and next activities. */
interface DealData {
  readonly dir: string;
  /** smb.yaml's deals, 2026-04-01 to 2026-06-01, many still open at that cut. */
  readonly smbCsv: string;
  /** enterprise.yaml's: too few for most verdicts. */
  readonly enterpriseCsv: string;
  /** smb.yaml with demo → trial at 0.4: the data differs from it. */
  readonly wrongSmb: string;
  /** The audit/forecast test pipeline (open deals with no next step, overdue, stalled), as an events CSV and HubSpot JSON, cut at {@link PIPELINE_AS_OF}. */
  readonly pipelineCsv: string;
  readonly pipelineHubspot: string;
}
const SYNTH_AS_OF = '2026-06-01';
const PIPELINE_AS_OF = new Date(AS_OF).toISOString().slice(0, 10);
let dealDataMade: Promise<DealData> | undefined;
function dealData(): Promise<DealData> {
  dealDataMade ??= (async () => {
    const dir = tempDir();
    const synthesized = async (process: string, deals: string) => {
      const run = await spxIn(['synthesize', process, '--deals', deals, '--start', '2026-04-01', '--as-of', SYNTH_AS_OF, '--seed', '5']);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout;
    };
    const smbCsv = join(dir, 'smb.csv');
    writeFileSync(smbCsv, `${await synthesized('processes/smb.yaml', '500')}D9998,mystery-stage,2026-05-04T10:00:00Z,,,,,\nD9999,appointmentscheduled,not-a-date,,,,,\n`);
    const enterpriseCsv = join(dir, 'enterprise.csv');
    writeFileSync(enterpriseCsv, await synthesized('processes/enterprise.yaml', '40'));
    const wrongSmb = join(dir, 'wrong-smb.yaml');
    writeFileSync(wrongSmb, readFileSync(join(ROOT, 'processes/smb.yaml'), 'utf8').replace('{ to: trial, p: 0.75,', '{ to: trial, p: 0.4,').replace('{ to: lost, p: 0.25, reason: no-fit }', '{ to: lost, p: 0.6, reason: no-fit }'));
    const { deals } = pipeline();
    const pipelineCsv = join(dir, 'pipeline.csv');
    writeFileSync(pipelineCsv, eventsCsv(deals));
    const pipelineHubspot = join(dir, 'pipeline.hubspot.json');
    writeFileSync(pipelineHubspot, hubspotJson(deals, 'response'));
    return { dir, smbCsv, enterpriseCsv, wrongSmb, pipelineCsv, pipelineHubspot };
  })();
  return dealDataMade;
}

describeCommand('calibrate', () => {
  it('synthesized data: fitted numbers, an unmapped stage and a record not used', async () => {
    const data = await dealData();
    const output = (await validOutput(['calibrate', 'processes/smb.yaml', data.smbCsv, '--as-of', SYNTH_AS_OF, '--json'])) as {
      unmapped: unknown[];
      issues: unknown[];
      stages: { fitted?: unknown }[];
    };
    expect(output.unmapped).toHaveLength(1);
    expect(output.issues.length).toBeGreaterThan(0);
    expect(output.stages.some((stage) => stage.fitted !== undefined)).toBe(true);
  });

  it('a process the data contradicts, too few deals, and a HubSpot export', async () => {
    const data = await dealData();
    const wrong = (await validOutput(['calibrate', data.wrongSmb, data.smbCsv, '--as-of', SYNTH_AS_OF, '--format', 'json'])) as { diagnostics: unknown[] };
    expect(wrong.diagnostics.length).toBeGreaterThan(0);
    await validOutput(['calibrate', 'processes/enterprise.yaml', data.enterpriseCsv, '--as-of', SYNTH_AS_OF, '--min-sample', '1000', '--json']);
    await validOutput(['calibrate', 'processes/smb.yaml', data.pipelineHubspot, '--as-of', PIPELINE_AS_OF, '--json']);
  });
});

describeCommand('audit', () => {
  it('a pipeline with findings (no next step, overdue, stalled), as events CSV and HubSpot JSON', async () => {
    const data = await dealData();
    const output = (await validOutput(['audit', 'processes/smb.yaml', data.pipelineCsv, '--as-of', PIPELINE_AS_OF, '--json'])) as { counts: { flagged: number } };
    expect(output.counts.flagged).toBeGreaterThan(0);
    await validOutput(['audit', 'processes/smb.yaml', data.pipelineHubspot, '--as-of', PIPELINE_AS_OF, '--stall-quantile', '0.5', '--format', 'json']);
  });

  it('synthesized data with an unmapped stage and a bad record, several processes, and --fail-on', async () => {
    const data = await dealData();
    const output = (await validOutput(['audit', 'processes/smb.yaml', 'processes/enterprise.yaml', data.smbCsv, data.enterpriseCsv, '--as-of', SYNTH_AS_OF, '--json'])) as {
      counts: { byFinding: Record<string, number> };
      issues: unknown[];
    };
    expect(output.counts.byFinding['unknown-stage']).toBeGreaterThan(0);
    expect(output.issues.length).toBeGreaterThan(0);
    await validOutput(['audit', 'processes/smb.yaml', data.pipelineCsv, '--as-of', PIPELINE_AS_OF, '--fail-on', 'no-next-step', '--json'], 1);
  });

  it('no open deal', async () => {
    const data = await dealData();
    const output = (await validOutput(['audit', 'processes/smb.yaml', data.smbCsv, '--as-of', '2026-04-01', '--json'])) as { deals: unknown[] };
    expect(output.deals).toEqual([]);
  });
});

describeCommand('forecast', () => {
  it('a pipeline in two currencies, as events CSV and HubSpot JSON', async () => {
    const data = await dealData();
    const output = (await validOutput(['forecast', 'processes/smb.yaml', data.pipelineCsv, '--as-of', PIPELINE_AS_OF, '--months', '3', '--runs-per-deal', '200', '--json'])) as { totals: unknown[] };
    expect(output.totals.length).toBeGreaterThan(1);
    await validOutput(['forecast', 'processes/smb.yaml', data.pipelineHubspot, '--as-of', PIPELINE_AS_OF, '--seed', '9', '--runs-per-deal', '100', '--format', 'json']);
  });

  it('synthesized data: deals without amounts, an unmapped stage, a bad record, several processes', async () => {
    const data = await dealData();
    const output = (await validOutput(['forecast', 'processes/smb.yaml', 'processes/enterprise.yaml', data.smbCsv, data.enterpriseCsv, '--as-of', SYNTH_AS_OF, '--runs-per-deal', '100', '--json'])) as {
      skipped: unknown[];
      issues: unknown[];
    };
    expect(output.issues.length).toBeGreaterThan(0);
    expect(output.skipped.length).toBeGreaterThan(0);
  });
});

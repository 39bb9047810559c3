/** `spx route`: which process applies to a prospect, by `appliesTo`, and why; none or several is a finding (exit 1). */
import { join } from 'node:path';
import type { ChalkInstance } from 'chalk';
import { route, routeJson, SpxError, type Criterion, type ProcessVerdict, type Prospect, type RouteResult } from '../../index.js';
import { selectFiles } from '../files.js';
import { chalkFor, type Io } from '../io.js';
import { parseNumberOption } from '../number-option.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';

export interface RouteOptions {
  /** Directories, files or globs of processes; default ./processes, else the bundled ones. */
  readonly paths?: readonly string[];
  /** Raw option strings: validated here so every bad value gets the same one-line usage error. */
  readonly employees?: string;
  readonly arr?: string;
  readonly industry?: string;
  readonly region?: string;
  readonly source?: string;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FLAG: Readonly<Record<Criterion, string>> = { employees: '--employees', arr: '--arr', industry: '--industry', region: '--region', source: '--source' };
const EXAMPLE_ID = { '--industry': 'healthcare', '--region': 'emea', '--source': 'partner' } as const;

export function routeCommand(options: RouteOptions, io: Io): number {
  const prospect = parseProspect(options);
  const config = loadConfig(io, options);
  const selection = selectFiles(options.paths ?? [], io.cwd, join(io.packageRoot, 'processes'), config.ignore);
  if (selection.note && options.format === 'text') io.stderr('spx: no ./processes folder here: routing with the processes bundled with spx\n');
  const processes = loadValidProcesses(selection.files, io, config);
  const result = route(
    prospect,
    processes.map(({ file, process }) => ({ name: process.name, file, appliesTo: process.appliesTo })),
  );
  if (options.format === 'json') io.stdout(`${JSON.stringify(routeJson(prospect, result), null, 2)}\n`);
  else io.stdout(renderText(prospect, result, chalkFor(io, options.color)));
  return result.outcome === 'one' ? 0 : 1;
}

/** Validates the profile flags: whole head counts from 1, amounts from 0, kebab-case ids other than `any`. */
export function parseProspect(options: Pick<RouteOptions, 'employees' | 'arr' | 'industry' | 'region' | 'source'>): Prospect {
  const { industry, region, source } = options;
  const employees = options.employees === undefined ? undefined : parseNumberOption('--employees', options.employees, { integer: true, min: 1, example: '250' });
  const arr = options.arr === undefined ? undefined : parseNumberOption('--arr', options.arr, { integer: false, min: 0, example: '120000' });
  for (const [flag, id] of [['--industry', industry], ['--region', region], ['--source', source]] as const) {
    if (id === undefined) continue;
    if (!ID.test(id)) throw new SpxError('E_USAGE', `${flag} ${id}: give a kebab-case id as used in appliesTo, e.g. ${flag} ${EXAMPLE_ID[flag]}`);
    if (id === 'any') throw new SpxError('E_USAGE', `${flag} any: name the prospect's own ${flag.slice(2)}, or leave ${flag} out`);
  }
  return {
    employees,
    arr,
    industry,
    region,
    source,
  };
}

/** "employees 5000, industry healthcare", or "any prospect" when nothing is given. */
function describeProspect(prospect: Prospect): string {
  const parts = (['employees', 'arr', 'industry', 'region', 'source'] as const).flatMap((key) => (prospect[key] === undefined ? [] : [`${key} ${prospect[key]}`]));
  return parts.length > 0 ? parts.join(', ') : 'a prospect with no criteria given';
}

/** The checks worth reading: misses, unknowns, and criteria the process actually constrains. */
function telling(verdict: ProcessVerdict): string[] {
  return verdict.checks.filter((c) => c.verdict !== 'match' || c.accepts !== 'any').map((c) => c.reason);
}

function renderText(prospect: Prospect, result: RouteResult, chalk: ChalkInstance): string {
  const who = describeProspect(prospect);
  const lines: string[] = [];
  const where = (v: ProcessVerdict) => `${chalk.bold(v.name)} ${chalk.dim(`(${v.file})`)}`;
  const reasons = (v: ProcessVerdict) => telling(v).map((r) => `    ${r}`);
  if (result.outcome === 'one') {
    const chosen = result.matches[0]!;
    lines.push(`${who} → ${where(chosen)}`, ...reasons(chosen));
    if (chosen.overrides.length > 0) {
      const specificTo = [chosen.specific && `industry ${prospect.industry}`, chosen.specificSource && `source ${prospect.source}`].filter(Boolean);
      const lessSpecific = [chosen.specific && 'industry', chosen.specificSource && 'source'].filter(Boolean);
      lines.push(`    overrides ${chosen.overrides.join(', ')} (for any ${lessSpecific.join(' or ')}): specific to ${specificTo.join(' and ')}`);
    }
    if (telling(chosen).length === 0) lines.push('    applies to every prospect');
    const unknown = chosen.checks.filter((c) => c.verdict === 'unknown').map((c) => FLAG[c.criterion]);
    if (unknown.length > 0) lines.push(chalk.yellow(`  the only process that may apply; give ${unknown.join(' and ')} to be sure`));
    return `${lines.join('\n')}\n`;
  }
  if (result.outcome === 'none') {
    lines.push(chalk.red(`no process applies to ${who}:`));
    for (const v of result.processes) {
      if (v.status === 'unscoped') lines.push(`  ${where(v)}`, '    no appliesTo: never routed to');
      else lines.push(`  ${where(v)}`, ...v.checks.filter((c) => c.verdict === 'miss').map((c) => `    ${c.reason}`));
    }
    lines.push('add a process for these prospects or widen an appliesTo (spx lint reports uncovered ranges as segment-gap)');
    return `${lines.join('\n')}\n`;
  }
  lines.push(chalk.red(`${result.matches.length} processes may apply to ${who}:`));
  for (const v of result.matches) lines.push(`  ${where(v)}`, ...reasons(v));
  lines.push(
    result.missing.length > 0
      ? `give ${result.missing.map((c) => FLAG[c]).join(' and ')} to decide between them`
      : 'their appliesTo overlap: make the ranges disjoint (spx lint reports this as segment-overlap)',
  );
  return `${lines.join('\n')}\n`;
}

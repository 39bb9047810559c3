/** `spx synthesize`: deal histories generated from a process, as an events CSV — to try calibrate, audit and forecast before connecting a CRM. */
import { eventsCsv, observedMapping, parseInstant, parseSetting, SpxError, synthesizeDeals, type Process } from '../../index.js';
import type { Io } from '../io.js';
import { parseNumberOption } from '../number-option.js';
import { scenarioLine } from '../scenario.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { outputTarget, writeFileAtomic } from '../write-file.js';

export interface SynthesizeCommandOptions {
  readonly file: string;
  /** Raw numeric options, parsed here. */
  readonly deals?: string;
  readonly seed?: string;
  readonly start?: string;
  readonly asOf?: string;
  readonly perDay?: string;
  readonly output?: string;
  readonly force?: boolean;
  /** Raw `--set PATH=VALUE` settings: the deals come from this what-if of the process (the file is not touched). */
  readonly set?: readonly string[];
  readonly config?: string;
  /** Commander's name for --no-config-lookup. */
  readonly configLookup?: boolean;
}

export function synthesizeCommand(options: SynthesizeCommandOptions, io: Io): number {
  const count = options.deals === undefined ? 1000 : parseNumberOption('--deals', options.deals, { integer: true, min: 1, max: 10_000_000, example: '1000' });
  const seed = options.seed === undefined ? 1 : parseNumberOption('--seed', options.seed, { integer: true, min: 0, example: '1' });
  const perDay = options.perDay === undefined ? 10 : parseNumberOption('--per-day', options.perDay, { integer: true, min: 1, max: 100_000, example: '10' });
  const config = loadConfig(io, options);
  const [loaded] = loadValidProcesses([options.file], io, config, (options.set ?? []).map(parseSetting));
  if (loaded === undefined) throw new SpxError('E_USAGE', 'name one process file');
  const { process } = loaded;
  const zone = process.calendar.timeZone;
  const now = io.now().getTime();
  const asOf = options.asOf === undefined ? now : instant(options.asOf, zone, '--as-of');
  // By default the deals start a year before --as-of, so most have closed and some are still open.
  const start = options.start === undefined ? asOf - 365 * 86_400_000 : instant(options.start, zone, '--start');
  if (start >= asOf) throw new SpxError('E_USAGE', `--start must be before --as-of (${new Date(asOf).toISOString().slice(0, 10)}); no deal could start`);
  const deals = synthesizeDeals(process, {
    deals: count,
    seed,
    start,
    asOf,
    spacingDays: 1 / perDay,
    ...stageNames(process),
    file: options.output ?? 'stdout',
  });
  const csv = eventsCsv(deals);
  if (options.output === undefined) {
    io.stdout(csv);
    return 0;
  }
  const target = outputTarget(io.cwd, options.output, options.force);
  writeFileAtomic(target, csv);
  const scenario = scenarioLine(loaded.scenario);
  io.stderr(`spx: ${options.output}: ${deals.length} deals of ${process.name} ${process.version}, ${csv.split('\n').length - 2} events${scenario ? ` (${scenario.trim()})` : ''}\n`);
  return 0;
}

/** Steps and outcomes are written under the CRM stage names the process maps them from, so calibrate reads them back. */
function stageNames(process: Process): { stageOf: (step: string) => string | undefined; outcomeStageOf: (outcome: string) => string } {
  const mapping = observedMapping(process);
  const outcomeStage = new Map<string, string>();
  for (const [stage, targets] of process.crm?.stages ?? []) {
    const target = mapping.resolveStage(stage);
    if (target?.kind === 'outcome' && !outcomeStage.has(target.outcome)) outcomeStage.set(target.outcome, stage);
  }
  return {
    stageOf: (step) => mapping.groupOfStep.get(step),
    outcomeStageOf: (outcome) => outcomeStage.get(outcome) ?? outcome,
  };
}

function instant(text: string, timeZone: string, flag: string): number {
  const value = parseInstant(text, timeZone);
  if (value === undefined) throw new SpxError('E_BAD_DATE', `${flag} ${text} is not a date; use YYYY-MM-DD or an ISO 8601 date-time`);
  return value;
}

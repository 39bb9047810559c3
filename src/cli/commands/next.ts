/** `spx next`: the proactive next step for a deal in flight, who to involve, and the dates to hold. */
import {
  isoDate,
  nextStep,
  nextStepBlockedReason,
  nextStepDates,
  nextStepJson,
  SpxError,
  type PathCriterion,
  type Process,
} from '../../index.js';
import { parseDate, today } from '../dates.js';
import { chalkFor, type Io } from '../io.js';
import { pathStepsTable } from '../table.js';
import { days, probability } from '../numbers.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { parseSetting } from '../../index.js';
import { scenarioJson, scenarioLine } from '../scenario.js';

export interface NextOptions {
  readonly file: string;
  readonly at: string;
  readonly involved?: string;
  readonly completed?: string;
  readonly date?: string;
  readonly by: PathCriterion;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
  /** Raw `--set PATH=VALUE` settings. */
  readonly set?: readonly string[];
}

export function nextCommand(options: NextOptions, io: Io): number {
  const [loaded] = loadValidProcesses([options.file], io, loadConfig(io, options), (options.set ?? []).map(parseSetting));
  const { file, process, scenario } = loaded!;
  const involved = list(options.involved);
  const completed = list(options.completed);
  checkIds(process, options.at, involved, completed);
  const date = options.date === undefined ? today(io.now()) : parseDate(options.date);
  const result = nextStep(process, { at: options.at, involved, completed }, { by: options.by });
  const chalk = chalkFor(io, options.color);

  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ ...nextStepJson(file, process, options.at, result, date), ...scenarioJson(scenario) }, null, 2)}\n`);
    return result.kind === 'path' ? 0 : 1;
  }
  if (result.kind !== 'path') {
    io.stdout(`${chalk.red(`${process.title}: ${nextStepBlockedReason(result, options.at)}; involve them before the ask`)}\n`);
    return 1;
  }

  const { holdBy, expectedClose, earliestClose } = nextStepDates(process, result, date);
  const next = result.next;

  const lines = [`${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`];
  const stated = scenarioLine(scenario);
  if (stated !== undefined) lines.push(chalk.yellow(stated));
  if (next) {
    lines.push(
      `  next step: ${chalk.bold(`${next.title} (${next.id})`)} — hold it by ${chalk.bold(isoDate(holdBy))} (within ${result.within.toFixed(1)} business days of ${isoDate(date)})`,
      `    our side: ${next.sellers.join(', ') || '—'}   buyer side: ${next.buyers.join(', ') || '—'}`,
      '    book it before this meeting ends: a step without a date leaves the deal with the prospect',
    );
  } else {
    lines.push(`  next: ${chalk.bold(result.outcome)} — the deal closes after "${options.at}" (by ${isoDate(holdBy)})`);
  }
  lines.push(
    `  remaining path (by ${result.by}): ${result.remainingCount} steps, ${days(result.remainingDays)} expected, probability ${probability(result.probability)}`,
    `  expected close ${chalk.bold(isoDate(expectedClose))} · earliest close ${isoDate(earliestClose)} (every step at its minimum)`,
  );
  let text = `${lines.join('\n')}\n`;
  if (result.remaining.length > 0) {
    text += `${pathStepsTable(result.remaining)}\n`;
  }
  io.stdout(text);
  return 0;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function checkIds(process: Process, at: string, involved: readonly string[], completed: readonly string[]): void {
  const steps = [...process.steps.keys()].join(', ');
  if (process.outcomes.has(at)) throw new SpxError('E_UNKNOWN_STEP', `--at ${at} is an outcome, not a step; a deal at an outcome has no next step (steps: ${steps})`);
  if (!process.steps.has(at)) throw new SpxError('E_UNKNOWN_STEP', `--at ${at}: no such step in ${process.name} (steps: ${steps})`);
  for (const role of involved) {
    if (process.buyerRoles.has(role)) continue;
    const hint = process.sellerRoles.has(role) ? 'is a seller role; --involved takes buyer roles' : 'is not a role of this process';
    throw new SpxError('E_UNKNOWN_ROLE', `--involved ${role} ${hint} (buyer roles: ${[...process.buyerRoles.keys()].join(', ')})`);
  }
  for (const step of completed) {
    if (!process.steps.has(step)) throw new SpxError('E_UNKNOWN_STEP', `--completed ${step}: no such step in ${process.name} (steps: ${steps})`);
  }
}

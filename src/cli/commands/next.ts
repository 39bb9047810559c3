/** `spx next`: the proactive next step for a deal in flight, who to involve, and the dates to hold. */
import type { ChalkInstance } from 'chalk';
import {
  isoDate,
  nextStep,
  nextStepBlockedReason,
  nextStepDates,
  nextStepJson,
  parseSetting,
  recordFlags,
  SpxError,
  type DealHistory,
  type NextStepBlocked,
  type PathCriterion,
  type Process,
} from '../../index.js';
import { calendarToday, parseDateOption } from '../dates.js';
import { chalkFor, type Io } from '../io.js';
import { pathStepsTable, wrapList } from '../table.js';
import { days, probability, quantity } from '../numbers.js';
import { scenarioJson, scenarioLine } from '../scenario.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';

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
  const date = options.date === undefined ? calendarToday(io.now(), process.calendar.timeZone) : parseDateOption(options.date, io.now(), process.calendar.timeZone);
  const result = nextStep(process, { at: options.at, involved, completed }, { by: options.by });
  const chalk = chalkFor(io, options.color);

  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ ...nextStepJson(file, process, options.at, result, date), ...scenarioJson(scenario) }, null, 2)}\n`);
    return result.kind === 'path' ? 0 : 1;
  }
  if (result.kind === 'no-path') {
    io.stdout(`${chalk.red(`${process.title}: ${nextStepBlockedReason(result, options.at)}`)}\n`);
    return 1;
  }
  if (result.kind === 'blocked') {
    io.stdout(blockedText(file, process, result, chalk));
    return 1;
  }

  const { holdBy, within, expectedClose, earliestClose } = nextStepDates(process, result, date);
  const next = result.next;

  const lines = [`${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`];
  const stated = scenarioLine(scenario);
  if (stated !== undefined) lines.push(chalk.yellow(stated));
  lines.push(...historyLines(result.history));
  if (next) {
    lines.push(
      `  next step: ${chalk.bold(`${next.title} (${next.id})`)}`,
      `    hold it by ${chalk.bold(isoDate(holdBy))} (within ${within.days.toFixed(1)} ${within.unit} days of ${isoDate(date)})`,
      ...wrapList('    our side: ', next.sellers),
      ...(next.internal
        ? [
            '    buyer side: none expected (an internal step: our side only)',
            '    book it with the team that runs it now: an internal step without a date holds the deal up',
          ]
        : [
            ...wrapList('    buyer side: ', next.buyers),
            '    book it before this meeting ends: a step without a date leaves the deal with the prospect',
          ]),
    );
  } else {
    lines.push(`  next: ${chalk.bold(result.outcome)} — the deal closes after "${options.at}" (by ${isoDate(holdBy)})`);
  }
  lines.push(
    `  remaining path (by ${result.by}): ${quantity(result.remainingCount, 'step')}, ${days(result.remainingDays)} expected`,
    `  win probability from here (exact, every way the deal can go): ${probability(result.winProbability)}`,
    ...([...process.outcomes.values()].some((o) => o.result === 'disqualified')
      ? [`    if it turns out to be an opportunity (does not end disqualified): ${probability(result.qualifiedWinProbability)}`]
      : []),
    `  probability of this path alone: ${probability(result.probability)}`,
    `  expected close ${chalk.bold(isoDate(expectedClose))} · earliest close ${isoDate(earliestClose)} (every step at its minimum)`,
  );
  let text = `${lines.join('\n')}\n`;
  if (result.remaining.length > 0) {
    text += `${pathStepsTable(result.remaining, { gap: result.gapToOutcome, outcome: result.outcome })}\n`;
  }
  io.stdout(text);
  return 0;
}

/** What the deal is taken to have done: the guaranteed part named, so nobody wonders where it came from. */
function historyLines(history: DealHistory): string[] {
  if (history.guaranteed.completed.length === 0) return [];
  return [
    ...wrapList('  every path here passes: ', history.guaranteed.completed),
    ...wrapList('    so these buyer roles took part: ', history.guaranteed.involved),
  ];
}

function blockedText(file: string, process: Process, result: NextStepBlocked, chalk: ChalkInstance): string {
  const { recovery, blocked } = result;
  const lines = [`${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`, ...historyLines(result.history)];
  lines.push(
    chalk.red(`  no way forward from "${result.at}" meets the gate of "${blocked.askStep}"`),
    ...wrapList('    missing: ', [...blocked.missingInvolved.map((r) => `role ${r}`), ...blocked.missingCompleted.map((s) => `step ${s}`)]),
    `  if it did happen, record it: spx next … ${recordFlags(blocked).join(' ')}`,
  );
  if (!recovery) {
    lines.push(chalk.red('  no way back meets the gate either: the process cannot be won from here'));
    return `${lines.join('\n')}\n`;
  }
  const first = recovery.steps[0]!;
  lines.push(
    `  recovery, the shortest way back that meets the gate (by ${recovery.by}):`,
    `    hold ${chalk.bold(`${first.title} (${first.id})`)}${first.buyers.length > 0 ? ` with ${first.buyers.join(', ')}` : ''} next`,
    `    then ${quantity(recovery.count, 'step')} in all, ${days(recovery.expectedDays)} expected, probability of this path ${probability(recovery.probability)}`,
  );
  return `${lines.join('\n')}\n${pathStepsTable(recovery.steps, { gap: recovery.gapToOutcome, outcome: recovery.outcome })}\n`;
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

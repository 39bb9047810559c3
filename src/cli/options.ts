/** What command modules share to declare themselves: the context they run in and the common options. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Io } from './io.js';


/** What `register` gets: the outside world, and where the command's exit code goes. */
export interface CommandContext {
  readonly io: Io;
  /** Records the exit code of the command that ran (main returns it). */
  exit(code: number): void;
}

/**
 * A command module's registration: declares the command, its options, help and examples on `program`, and an
 * action that imports the command's work lazily (so no other command pays for loading it).
 */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

export const formatOption = (choices: readonly string[], fallback: string): Option =>
  new Option('-f, --format <format>', 'output format').choices(choices).default(fallback);
export const jsonOption = (): Option => new Option('--json', 'same as --format json');
export const configOption = (): Option => new Option('-c, --config <file>', 'config file (default: spx.config.yaml found upward)');
export const noConfigLookupOption = (): Option => new Option('--no-config-lookup', 'do not look for spx.config.yaml');
export const colorOption = (): Option => new Option('--color', 'force colours');
export const noColorOption = (): Option => new Option('--no-color', 'disable colours');
export const byOption = (): Option =>
  new Option('--by <criterion>', 'fewest steps (engagements), least expected time, or highest probability').choices(['steps', 'time', 'probability']).default('steps');

/** The options of every command that reads a config: --config and --no-config-lookup. */
export function withConfigOptions(command: Command): Command {
  return command.addOption(configOption()).addOption(noConfigLookupOption());
}

/** What every command that analyses processes and reports as text or JSON takes: --format, --json, the config, colours. */
export function withReportOptions(command: Command): Command {
  return withConfigOptions(command.addOption(formatOption(['text', 'json'], 'text')).addOption(jsonOption()))
    .addOption(colorOption())
    .addOption(noColorOption());
}

/** `--set PATH=VALUE`, repeatable: a what-if applied to each file before it is validated (the file is not touched). */
export const setOption = (): Option =>
  new Option('--set <path=value>', 'what-if: change a value before analysing, e.g. steps.demo.next.proposal.p=0.8 (repeatable; the file is not touched)').argParser(
    (text: string, previous: string[] | undefined) => [...(previous ?? []), text],
  );

/** A commander parser of a whole number ≥ min in plain digits (`1e3`, `0x10`, `1_000` are usage errors). */
export function wholeNumberArg(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}, in plain digits`);
    return n;
  };
}

/** A commander parser of a number strictly between 0 and 1. */
export function fractionArg(value: string): number {
  const q = Number(value);
  if (!/^(0?\.\d+|\d+(\.\d+)?)$/.test(value) || !(q > 0 && q < 1)) throw new InvalidArgumentError('expected a number between 0 and 1, e.g. 0.9');
  return q;
}

/** `--from <format>` of the commands that read deal data: forces a reader instead of detecting it per file. */
export const dealFormatOption = (): Option =>
  new Option('--from <format>', 'the data format (default: detected from each file)').choices(['events', 'hubspot', 'salesforce', 'pipedrive']);

/** Declares `spx rules`; its work (commands/rules.ts) loads when it runs. */
import { formatOption, jsonOption, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  program
    .command('rules')
    .description('list the lint rules with their default severities')
    .addOption(formatOption(['table', 'json'], 'table'))
    .addOption(jsonOption())
    .addHelpText('after', '\nExamples:\n  $ spx rules\n  $ spx rules --format json')
    .action(async (options: { format: 'table' | 'json' }) => {
      const { rulesCommand } = await import('./rules.js');
      exit(rulesCommand(options, io));
    });
};

/** Declares `spx synthesize`; its work (commands/synthesize.ts) loads when it runs. */
import { setOption, withConfigOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withConfigOptions(
    program
      .command('synthesize')
      .description('write deal histories generated from a process as an events CSV (to try calibrate, audit and forecast)')
      .argument('<file>', 'the process file')
      .option('--deals <n>', 'number of deals, 1 to 10000000 (default: 1000)')
      .option('--seed <n>', 'random seed: the same seed gives the same file (default: 1)')
      .option('--start <date>', 'when the first deal starts (default: a year before --as-of)')
      .option('--as-of <date>', 'the export date: later events are not written and those deals stay open (default: now)')
      .option('--per-day <n>', 'new deals per business day (default: 10)')
      .option('-o, --output <file>', 'write the CSV to a file (atomically) instead of stdout')
      .option('--force', 'replace the output file if it exists')
      .addOption(setOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spx synthesize processes/smb.yaml --deals 2000 --as-of 2026-12-01 -o deals.csv
  $ spx synthesize processes/smb.yaml --set steps.trial.duration.likely=12 -o slow-trials.csv
  $ spx calibrate processes/smb.yaml deals.csv --as-of 2026-12-01

Steps are written under the CRM stage names of the process's crm block, so spx reads the file back.`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { synthesizeCommand } = await import('./synthesize.js');
      exit(synthesizeCommand({ file, ...options } as unknown as Parameters<typeof synthesizeCommand>[0], io));
    });
};

/** Declares `spx path`; its work (commands/path.ts) loads when it runs. */
import { setOption, byOption, withReportOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withReportOptions(
    program
      .command('path')
      .description('the minimal step path to won and the exact win rate and cycle lengths')
      .argument('<files...>', 'process files, directories or globs')
      .addOption(byOption())
      .option('--from <step>', 'the numbers and the path for deals at the start of this step'),
  )
    .addOption(setOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx path processes/*.yaml
  $ spx path processes/enterprise.yaml --by time
  $ spx path processes/enterprise.yaml --from reviews --by probability
  $ spx path processes/smb.yaml --json | jq '.[0].minimalPath.count'
  $ spx path processes/smb.yaml --set steps.demo.next.trial.p=0.7   what if demos converted better?`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { pathCommand } = await import('./path.js');
      exit(pathCommand({ files, ...options } as unknown as Parameters<typeof pathCommand>[0], io));
    });
};

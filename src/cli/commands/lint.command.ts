/** Declares `spx lint`; its work (commands/lint.ts) loads when it runs. */
import { colorOption, formatOption, jsonOption, noColorOption, withConfigOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withConfigOptions(
    program
      .command('lint')
      .description('check process files against the format and the lint rules')
      .argument('[paths...]', 'files, directories or globs (default: ./processes; on a terminal, else the bundled processes)')
      .addOption(formatOption(['stylish', 'json', 'sarif', 'github', 'junit'], 'stylish'))
      .addOption(jsonOption())
      .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
      .option('--quiet', 'report errors only')
      .option('--base <rev>', 'also check each file against its version at this git revision (version-not-bumped)'),
  )
    .option('-o, --output-file <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'replace the -o file if it exists')
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx lint                                  ./processes (else, on a terminal, the bundled ones)
  $ spx lint processes/smb.yaml "teams/**/*.yaml"
  $ spx lint --format github                  annotations in GitHub Actions
  $ spx lint --format sarif -o spx.sarif      for code scanning
  $ spx lint --max-warnings 0                 fail on warnings too
  $ spx lint --base origin/main               versions raised enough since origin/main

Outside a terminal (CI=true, or output piped), spx lint without paths and without ./processes exits
2 (E_NO_FILES) rather than pass having checked none of your files.

Silence one finding with a comment on the line above it:
  # spx-disable-next-line unscheduled-next-step -- the buyer books the demo`,
    )
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { lintCommand } = await import('./lint.js');
      exit(await lintCommand({ paths, ...options } as unknown as Parameters<typeof lintCommand>[0], io));
    });
};

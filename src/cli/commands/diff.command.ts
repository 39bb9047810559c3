/** Declares `spx diff`; its work (commands/diff.ts) loads when it runs. */
import { Option } from 'commander';
import { colorOption, formatOption, jsonOption, noColorOption, withConfigOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withConfigOptions(
    program
      .command('diff')
      .description('what changed between two versions of a process, the semver bump it needs, and its impact')
      .argument('[files...]', 'OLD NEW; with --base, files or directories to compare with REV (default: everything changed under .)')
      .option('--base <rev>', 'compare with this git revision (a branch, tag or commit, e.g. origin/main)')
      .addOption(formatOption(['text', 'markdown', 'json', 'github'], 'text'))
      .addOption(jsonOption())
      .addOption(
        new Option('--fail-on <level>', 'exit 1 when a change needs this bump or more, or (bump) when a version was not raised enough').choices([
          'major',
          'minor',
          'patch',
          'bump',
        ]),
      ),
  )
    .addOption(colorOption())
    .addOption(noColorOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spx diff examples/diff/enterprise-v1.yaml examples/diff/enterprise-v2.yaml
  $ spx diff processes/enterprise.yaml --base origin/main
  $ spx diff --base origin/main                       every process changed since origin/main
  $ spx diff --base origin/main --format markdown > comment.md
  $ spx diff --base HEAD~1 --fail-on bump             exit 1 when a version was not raised enough

Exit codes: 0 compared (and --fail-on not triggered), 1 --fail-on triggered, 2 usage or fatal error.`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { diffCommand } = await import('./diff.js');
      exit(diffCommand({ files, ...options } as unknown as Parameters<typeof diffCommand>[0], io));
    });
};

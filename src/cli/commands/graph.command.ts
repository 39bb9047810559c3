/** Declares `spx graph`; its work (commands/graph.ts) loads when it runs. */
import { Option } from 'commander';
import { formatOption, withConfigOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withConfigOptions(
    program
      .command('graph')
      .description('draw processes as Mermaid or Graphviz DOT diagrams')
      .argument('<files...>', 'process files, directories or globs (one diagram each)')
      .addOption(formatOption(['mermaid', 'dot'], 'mermaid'))
      .addOption(new Option('--highlight <what>', 'highlight the minimal step path to won').choices(['minimal-path']))
      .option('-o, --output <file>', 'write the diagram to a file (atomically) instead of stdout')
      .option('--force', 'replace the -o file if it exists')
      .addOption(
        new Option('--lost <how>', 'transitions to lost/disqualified outcomes: one shared node, a small terminal per step, hidden, or auto (shared unless there are more than 8)')
          .choices(['shared', 'per-step', 'hidden', 'auto'])
          .default('auto'),
      )
      .addOption(new Option('--direction <dir>', 'layout: left to right, top to bottom, or auto (LR up to 3 ranks of steps, else TB)').choices(['LR', 'TB', 'auto']).default('auto')),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spx graph processes/smb.yaml                      Mermaid, for markdown
  $ spx graph processes/enterprise.yaml --format dot --highlight minimal-path | dot -Tsvg > e.svg
  $ spx graph processes/mid-market.yaml -o docs/mid-market.mmd --force
  $ spx graph processes/enterprise.yaml --format dot --lost per-step --direction LR
  $ spx graph processes/*.yaml --lost hidden           one diagram per file`,
    )
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { graphCommand } = await import('./graph.js');
      exit(graphCommand({ files, ...options } as unknown as Parameters<typeof graphCommand>[0], io));
    });
};

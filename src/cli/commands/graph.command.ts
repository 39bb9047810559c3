/** Declares `spx graph`; its work (commands/graph.ts) loads when it runs. */
import { Option } from 'commander';
import { formatOption, withConfigOptions, type RegisterCommand } from '../options.js';

export const register: RegisterCommand = (program, { io, exit }) => {
  withConfigOptions(
    program
      .command('graph')
      .description('draw a process as a Mermaid or Graphviz DOT diagram')
      .argument('<file>', 'the process file')
      .addOption(formatOption(['mermaid', 'dot'], 'mermaid'))
      .addOption(new Option('--highlight <what>', 'highlight the minimal step path to won').choices(['minimal-path']))
      .option('-o, --output <file>', 'write the diagram to a file (atomically) instead of stdout')
      .option('--force', 'replace the -o file if it exists'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spx graph processes/smb.yaml                      Mermaid, for markdown
  $ spx graph processes/enterprise.yaml --format dot --highlight minimal-path | dot -Tsvg > enterprise.svg
  $ spx graph processes/mid-market.yaml -o docs/mid-market.mmd --force`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { graphCommand } = await import('./graph.js');
      exit(graphCommand({ file, ...options } as unknown as Parameters<typeof graphCommand>[0], io));
    });
};

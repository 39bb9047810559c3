/** `spx graph`: one process as a Mermaid or Graphviz DOT diagram, optionally with its minimal path highlighted. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { minimalPath, type MinimalPathFound, formatDot, formatMermaid, SpxError } from '../../index.js';
import type { Io } from '../io.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { writeFileAtomic } from '../write-file.js';

export interface GraphOptions {
  readonly file: string;
  readonly format: 'mermaid' | 'dot';
  readonly highlight?: 'minimal-path';
  /** Write the diagram here (atomically) instead of stdout. */
  readonly output?: string;
  /** Replace an existing output file. */
  readonly force?: boolean;
  readonly config?: string;
}

export function graphCommand(options: GraphOptions, io: Io): number {
  const target = options.output === undefined ? undefined : resolve(io.cwd, options.output);
  // Refuse before any work: a diagram is cheap to make again, a user's file is not.
  if (target !== undefined && !options.force && existsSync(target)) {
    throw new SpxError('E_FILE_EXISTS', `${options.output} already exists: pass --force to replace it, or choose another -o file`);
  }
  const processes = loadValidProcesses([options.file], io, loadConfig(io, options));
  if (processes.length !== 1) {
    throw new SpxError('E_USAGE', `${options.file} holds ${processes.length} process files: name one file to graph`);
  }
  const { file, process } = processes[0]!;

  let highlight: MinimalPathFound | undefined;
  let exitCode = 0;
  if (options.highlight === 'minimal-path') {
    const path = minimalPath(process, { by: 'steps' });
    if (path.kind === 'path') highlight = path;
    else {
      // The diagram is still worth having; the missing path is a finding, as in `spx path`.
      const why =
        path.kind === 'blocked'
          ? `no path to won meets the gate of "${path.blocked.askStep}"`
          : 'no path reaches won';
      io.stderr(`spx: ${file}: ${why}, so there is no minimal path to highlight; see spx path ${file}\n`);
      exitCode = 1;
    }
  }

  const text = options.format === 'dot' ? formatDot(process, highlight) : formatMermaid(process, highlight);
  if (target !== undefined) writeFileAtomic(target, text);
  else io.stdout(text);
  return exitCode;
}

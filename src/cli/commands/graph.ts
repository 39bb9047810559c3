/** `spx graph`: processes as Mermaid or Graphviz DOT diagrams, optionally with the minimal path highlighted. */
import { minimalPath, type MinimalPathFound, formatDot, formatMermaid, SpxError, type DiagramDirection, type LostEdges } from '../../index.js';
import type { Io } from '../io.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { outputTarget, writeFileAtomic } from '../write-file.js';

export interface GraphOptions {
  readonly files: readonly string[];
  /** How to draw the transitions to lost and disqualified outcomes. */
  readonly lost?: LostEdges;
  readonly direction?: DiagramDirection;
  readonly format: 'mermaid' | 'dot';
  readonly highlight?: 'minimal-path';
  /** Write the diagram here (atomically) instead of stdout. */
  readonly output?: string;
  /** Replace an existing output file. */
  readonly force?: boolean;
  readonly config?: string;
}

export function graphCommand(options: GraphOptions, io: Io): number {
  const target = options.output === undefined ? undefined : outputTarget(io.cwd, options.output, options.force);
  const processes = loadValidProcesses(options.files, io, loadConfig(io, options));
  if (target !== undefined && processes.length !== 1) {
    throw new SpxError('E_USAGE', `-o takes one diagram, but ${options.files.join(' ')} holds ${processes.length} process files: name one file, or print them to stdout`);
  }

  let exitCode = 0;
  const diagrams = processes.map(({ file, process }) => {
    let highlight: MinimalPathFound | undefined;
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
    const layout = { ...(options.lost ? { lost: options.lost } : {}), ...(options.direction ? { direction: options.direction } : {}) };
    return options.format === 'dot' ? formatDot(process, highlight, layout) : formatMermaid(process, highlight, undefined, layout);
  });

  // Several diagrams follow one another, a blank line apart (`dot` reads several graphs from one stream).
  const text = diagrams.join('\n');
  if (target !== undefined) writeFileAtomic(target, text);
  else io.stdout(text);
  return exitCode;
}

// The valid (and deliberately broken) processes the fuzzers start from: the bundled processes and the examples.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../cli/run-cli.js';

export interface Seed {
  /** Path relative to the repository, e.g. processes/smb.yaml. */
  readonly name: string;
  readonly text: string;
  readonly bytes: Uint8Array;
  /** The file as plain data, the starting point of structured mutations. */
  readonly data: unknown;
}

const SEED_DIRECTORIES = ['processes', 'examples', 'examples/diff'];

export const SEEDS: readonly Seed[] = SEED_DIRECTORIES.flatMap((directory) =>
  readdirSync(join(ROOT, directory))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(join(ROOT, directory, name)));
      const text = new TextDecoder().decode(bytes);
      return { name: `${directory}/${name}`, text, bytes, data: parse(text) as unknown };
    }),
);

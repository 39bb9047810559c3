// `spx audit` in-process on a generated pipeline with planted faults: every format, --fail-on, -o, bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsCsv } from '../../src/deals/write-events.js';
import { pipeline, SMB_TEXT } from '../deals/pipeline.js';
import { runSpx } from './fake-io.js';
import { tempDir } from './run-cli.js';

const planted = pipeline();
const CSV = eventsCsv(planted.deals);
const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': CSV });
const AS_OF = ['--as-of', '2026-03-02'];

describe('spx audit', () => {
  it('text: summary line, owners worst first, the stall explanation', async () => {
    const run = await runSpx(['audit', 'smb.yaml', 'deals.csv', ...AS_OF], dir);
    console.log(run.stdout.slice(0, 3000), run.stderr);
    expect(run.code).toBe(0);
  });
});

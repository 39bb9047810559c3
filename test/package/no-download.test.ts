// Every place that tells a user how to run spx (README, examples, docs, the workflow `spx init` writes) runs the
// locally installed binary: a bare `npx spx` would download whatever package of that name the registry holds.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaffold } from '../../src/index.js';
import { SEGMENT_DEFAULTS } from '../../src/scaffold/answers.js';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && ext.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Commands that run spx through `npx` or `npm exec` without `--no-install` / `--no`, i.e. that may download it. */
function downloadingRuns(text: string): string[] {
  const runs = [...text.matchAll(/\b(?:npx|npm exec)((?:\s+-[-\w=]*)*)\s+spx\b/g)];
  return runs.filter(([, flags]) => !/\s--no(?:-install)?\b/.test(flags!)).map(([run]) => run);
}

describe('spx is never run through a download', () => {
  const documents = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', ...filesUnder('examples', /\.ya?ml$/), ...filesUnder('docs', /\.md$/)];

  it.each(documents)('%s', (file) => {
    expect(downloadingRuns(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('the CI workflow spx init writes installs the pinned spx and runs it without downloading', () => {
    const result = scaffold({ company: 'Acme', segments: [{ segment: 'smb', answers: SEGMENT_DEFAULTS.smb }], calendar: { workdays: ['mon'], holidays: [] }, ci: 'github' });
    const workflow = result.files.find((file) => file.path.endsWith('spx.yml'))!;
    expect(workflow.contents).toContain('- run: npm ci\n');
    expect(downloadingRuns(workflow.contents)).toEqual([]);
    expect(workflow.contents).toContain('npx --no-install spx lint --format github');
  });

  it('the check catches a downloading run', () => {
    expect(downloadingRuns('run: npx spx lint\nnpm exec spx -- lint\nnpx --yes spx lint\nnpx --no-install spx lint\nnpm exec --no -- spx lint')).toEqual(['npx spx', 'npm exec spx', 'npx --yes spx']);
  });
});

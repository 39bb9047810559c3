// Every rule has a docs page, and the page's examples do what the page says: the YAML blocks under
// "## Incorrect" make the rule fire, the ones under "## Correct" do not.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/rules/index.js';
import { findings } from './rule-tester.js';

interface Example {
  readonly section: 'incorrect' | 'correct';
  readonly yaml: string;
}

function examples(markdown: string): Example[] {
  const found: Example[] = [];
  let section: Example['section'] | undefined;
  const fence = /^```yaml\n([\s\S]*?)^```/gm;
  const lines = markdown.split('\n');
  let offset = 0;
  const headingAt: { index: number; section: Example['section'] | undefined }[] = [];
  for (const line of lines) {
    if (line.startsWith('## ')) headingAt.push({ index: offset, section: /incorrect/i.test(line) ? 'incorrect' : /correct/i.test(line) ? 'correct' : undefined });
    offset += line.length + 1;
  }
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    section = [...headingAt].reverse().find((h) => h.index < match!.index)?.section;
    if (section) found.push({ section, yaml: match[1]! });
  }
  return found;
}

describe('rule docs', () => {
  for (const rule of RULES) {
    const page = `docs/rules/${rule.id}.md`;
    it(`${rule.id} has a page with tested examples`, () => {
      expect(existsSync(page), page).toBe(true);
      const markdown = readFileSync(page, 'utf8');
      expect(markdown).toContain(`# ${rule.id}`);
      const all = examples(markdown);
      expect(all.some((e) => e.section === 'incorrect'), 'an incorrect example').toBe(true);
      for (const example of all) {
        const hits = findings(rule, example.yaml).filter((d) => d.ruleId === rule.id);
        if (example.section === 'incorrect') expect(hits.length, example.yaml).toBeGreaterThan(0);
        else expect(hits, example.yaml).toEqual([]);
      }
    });
  }
});

describe('the rule catalog page', () => {
  it('docs/rules/README.md has one row per rule, with its default severity and a link to its page', () => {
    const catalog = readFileSync('docs/rules/README.md', 'utf8');
    const rows = [...catalog.matchAll(/^\| \[([a-z-]+)\]\(\1\.md\) \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows.sort()).toEqual(RULES.map((rule) => `${rule.id} ${rule.meta.defaultSeverity}`).sort());
  });
});

/** GitHub Actions workflow commands: one `::error`/`::warning` line per finding, shown as PR annotations. */
import type { LintResult } from '../lint/engine.js';

/** `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::message` per finding, '' when clean. */
export function formatGithub(results: readonly LintResult[]): string {
  let output = '';
  for (const result of results) {
    for (const d of result.diagnostics) {
      const properties = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.ruleId)}`,
      ];
      output += `::${d.severity} ${properties.join(',')}::${escapeData(d.message)}\n`;
    }
  }
  return output;
}

/** The runner's escaping for a command's message (`%` first, or the other escapes would be re-escaped). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` and `:`, so those are escaped too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

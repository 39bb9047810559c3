/** Inline `# spx-disable-next-line RULE[, RULE] -- reason` comments, and which of them went unused. */
import type { Diagnostic } from '../model/diagnostic.js';

export interface Directive {
  /** 1-based line of the comment. */
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  /** Rule ids it silences; empty means every rule. */
  readonly rules: readonly string[];
}

const DIRECTIVE = /#\s*spx-disable-next-line\b([^\n]*)/;

/** Finds directives in comments. A `#` inside a quoted scalar is not a comment, so require it to start the comment. */
export function parseDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('spx-disable-next-line')) continue;
    const match = DIRECTIVE.exec(line);
    if (!match || !isComment(line, match.index)) continue;
    const spec = match[1]!.split(/\s--\s|\s--$/)[0]!;
    const rules = spec.split(/[\s,]+/).filter(Boolean);
    directives.push({ line: i + 1, column: match.index + 1, endColumn: line.trimEnd().length + 1, rules });
  }
  return directives;
}

/** A `#` starts a comment at the line start or after whitespace (YAML's rule), outside quotes. */
function isComment(line: string, hashIndex: number): boolean {
  if (hashIndex > 0 && !/\s/.test(line[hashIndex - 1]!)) return false;
  let quote: string | undefined;
  for (let i = 0; i < hashIndex; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote === undefined;
}

/**
 * Drops the diagnostics that a directive on the line above silences, and returns the directives that
 * silenced nothing (they rot: the problem was fixed or the rule id is misspelt).
 */
export function applyDirectives(
  diagnostics: readonly Diagnostic[],
  directives: readonly Directive[],
): { kept: Diagnostic[]; unused: Directive[] } {
  const used = new Set<Directive>();
  const byLine = new Map<number, Directive[]>();
  for (const d of directives) byLine.set(d.line + 1, [...(byLine.get(d.line + 1) ?? []), d]);
  const kept = diagnostics.filter((diagnostic) => {
    const silencers = (byLine.get(diagnostic.line) ?? []).filter(
      (d) => d.rules.length === 0 || d.rules.includes(diagnostic.ruleId),
    );
    silencers.forEach((d) => used.add(d));
    return silencers.length === 0;
  });
  return { kept, unused: directives.filter((d) => !used.has(d)) };
}

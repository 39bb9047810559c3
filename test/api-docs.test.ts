// Every export of the library (src/index.ts) carries TSDoc: it is what consumers read in their editor.
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const INDEX = join(import.meta.dirname, '..', 'src', 'index.ts');

describe('the public API', () => {
  it('documents every export', () => {
    const program = ts.createProgram([INDEX], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true });
    const checker = program.getTypeChecker();
    const index = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
    const exported = checker.getExportsOfModule(index);
    expect(exported.length).toBeGreaterThan(50);
    const undocumented = exported.filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
    });
    expect(undocumented.map((symbol) => symbol.name)).toEqual([]);
  }, 60_000);
});

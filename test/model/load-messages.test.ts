// Messages for common slips that YAML itself words badly: several documents, comments only, unquoted versions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import { loadProcess } from '../../src/model/process-file.js';

const only = (text: string) => loadProcess('p.yaml', text).diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`);

describe('load messages', () => {
  it('asks for one document per file', () => {
    expect(only('apiVersion: spx/v1\n---\nkind: x\n')).toEqual([
      'yaml-syntax 2:1 a process file holds one YAML document; put each process in its own file (remove the --- separator)',
    ]);
  });

  it('treats a file of comments as empty', () => {
    expect(only('# nothing yet\n')).toEqual([
      'yaml-syntax 1:1 file is empty; a process needs apiVersion, kind, metadata, roles, start, steps and outcomes',
    ]);
  });

  it('says to quote a version that YAML read as a number', () => {
    const text = readFileSync('test/fixtures/known.yaml', 'utf8').replace('version: 1.0.0', 'version: 1.0');
    expect(only(text)).toEqual(['schema 7:35 metadata.version must be a string; YAML read a number here: put the value in quotes']);
  });

  it('does not let a directive silence a load error', () => {
    const text = '# spx-disable-next-line schema\nkind: x\n';
    const [result] = lint([{ file: 'p.yaml', contents: text }]);
    const onLine2 = result!.diagnostics.filter((d) => d.line === 2).map((d) => d.ruleId);
    expect(onLine2).toContain('schema');
    expect(result!.diagnostics[0]).toMatchObject({ ruleId: 'unused-disable-directive', line: 1 });
  });
});

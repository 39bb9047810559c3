/** duplicate-process: `metadata.name` is a process's id in a repository, so two files must not share one. */
import type { Rule } from '../rule.js';

export const duplicateProcess: Rule = {
  id: 'duplicate-process',
  meta: {
    description: 'two processes linted together with the same `metadata.name`',
    defaultSeverity: 'error',
    scope: 'project',
    messages: { duplicateName: 'process name "{{name}}" is also used by {{first}}; names must be unique, rename one of them' },
  },
  checkProject({ files }) {
    const firstFile = new Map<string, string>();
    for (const { file, process, report } of files) {
      const first = firstFile.get(process.name);
      if (first === undefined) {
        firstFile.set(process.name, file);
        continue;
      }
      report({ path: ['metadata', 'name'], messageId: 'duplicateName', data: { name: process.name, first } });
    }
  },
};

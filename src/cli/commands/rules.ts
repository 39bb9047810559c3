/** `spx rules`: the rule catalog, as a table or JSON. */
import Table from 'cli-table3';
import { docsPath, docsUrl, RULES } from '../../index.js';
import type { Io } from '../io.js';

export function rulesCommand(options: { format: 'table' | 'json' }, io: Io): number {
  const rows = RULES.map((rule) => ({
    id: rule.id,
    defaultSeverity: rule.meta.defaultSeverity,
    scope: rule.meta.scope,
    description: rule.meta.description,
    docs: docsPath(rule.id),
    docsUrl: docsUrl(rule.id),
    ...(rule.meta.defaultOptions ? { defaultOptions: rule.meta.defaultOptions } : {}),
  }));
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const table = new Table({ head: ['rule', 'default', 'scope', 'what it catches'], style: { head: [], border: [] }, wordWrap: true, colWidths: [26, 9, 9, 51] }); // 100 columns in all
  for (const row of rows) table.push([row.id, row.defaultSeverity, row.scope, row.description]);
  io.stdout(`${table.toString()}\n`);
  return 0;
}

// duplicate-process: one name per process across the files linted together.
import { BASE, testRule } from '../rule-tester.js';

/** BASE under another file name and process name (metadata is BASE's line 3, so line 4 with the `# file:` line). */
const file = (fileName: string, name: string) => `# file: ${fileName}\n${BASE.replace('name: demo', `name: ${name}`)}`;

testRule('duplicate-process', {
  valid: [
    { name: 'one file', yaml: BASE },
    { name: 'distinct names', yaml: file('processes/smb.yaml', 'smb') + file('processes/mid-market.yaml', 'mid-market') },
    { name: 'same title, distinct names', yaml: file('a.yaml', 'smb') + file('b.yaml', 'smb-emea') },
  ],
  invalid: [
    {
      name: 'two files, one name: reported on the later, naming the first',
      yaml: file('processes/smb.yaml', 'smb') + file('processes/smb-copy.yaml', 'smb'),
      errors: [{ file: 'processes/smb-copy.yaml', line: 4, column: 19, message: 'process name "smb" is also used by processes/smb.yaml; names must be unique' }],
    },
    {
      name: 'three files, one name: every later file names the first',
      yaml: file('a.yaml', 'smb') + file('b.yaml', 'mid') + file('c.yaml', 'smb') + file('d.yaml', 'smb'),
      errors: [
        { file: 'c.yaml', line: 4, column: 19, message: 'also used by a.yaml' },
        { file: 'd.yaml', line: 4, column: 19, message: 'also used by a.yaml' },
      ],
    },
    {
      name: 'two pairs',
      yaml: file('a.yaml', 'smb') + file('b.yaml', 'mid') + file('c.yaml', 'mid') + file('d.yaml', 'smb'),
      errors: [
        { file: 'c.yaml', line: 4, column: 19, message: '"mid" is also used by b.yaml' },
        { file: 'd.yaml', line: 4, column: 19, message: '"smb" is also used by a.yaml' },
      ],
    },
  ],
});

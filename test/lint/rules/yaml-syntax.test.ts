// yaml-syntax: emitted by the loader for YAML that does not parse or that spx refuses (duplicates, tags, aliases).
import { BASE, testRule } from '../rule-tester.js';

testRule('yaml-syntax', {
  valid: [
    { name: 'the base process', yaml: BASE },
    {
      name: 'a document marker, comments, and an anchor reused by an alias',
      yaml: `---\n# Owner-led SMB process\n${BASE.replace('    with: [owner]\n    duration: 1\n    next', '    with: &buyers [owner]\n    duration: 1\n    next').replace('    with: [owner]\n    duration: 1\n    exitCriteria', '    with: *buyers\n    duration: 1\n    exitCriteria')}`,
    },
  ],
  invalid: [
    {
      name: 'a duplicate key: reported at the second one',
      yaml: BASE.replace('    owner: ae\n', '    owner: ae\n    owner: se\n'),
      errors: [{ line: 14, column: 5, message: 'key "owner" appears twice in this map: each key may appear once; merge or rename the duplicates' }],
    },
    {
      name: 'a value that starts a nested mapping on one line',
      yaml: BASE.replace('    kind: demo\n', '    kind: demo: call\n'),
      errors: [{ line: 12, column: 11, message: /Nested mappings are not allowed in compact mappings; fix the YAML syntax/ }],
    },
    {
      name: 'a custom tag: reported at the tagged value',
      yaml: BASE.replace('    kind: demo\n', '    kind: !stage demo\n'),
      errors: [{ line: 12, column: 18, message: 'tag !stage is not allowed: spx files are plain YAML; remove the tag' }],
    },
    {
      name: 'an alias whose anchor is never defined',
      yaml: BASE.replace('    with: [owner]\n    duration: 1\n    next', '    with: *buyers\n    duration: 1\n    next'),
      errors: [{ line: 14, column: 11, message: 'alias *buyers has no anchor before it; define &buyers earlier or write the value out' }],
    },
    {
      name: 'two documents in one file',
      yaml: `${BASE}---\n${BASE}`,
      errors: [{ line: 33, column: 1, message: /one YAML document/ }],
    },
  ],
});

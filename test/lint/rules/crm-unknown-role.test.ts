// crm-unknown-role: each CRM contact role maps to a buyer role; reported at the entry's value.
import { BASE, testRule } from '../rule-tester.js';

const withCrm = (crm: string): string => `${BASE}${crm}\n`;

testRule('crm-unknown-role', {
  valid: [
    { name: 'no crm block', yaml: BASE },
    { name: 'CRM roles mapped to buyer roles', yaml: withCrm('crm:\n  roles:\n    Decision Maker: owner\n    Economic Buyer: owner') },
  ],
  invalid: [
    {
      name: 'a role that is not defined',
      yaml: withCrm('crm:\n  roles:\n    Decision Maker: owner\n    Legal: legal'),
      errors: [{ line: 36, column: 12, message: 'CRM role "Legal" maps to "legal", which is not a buyer role; use one of: owner' }],
    },
    {
      name: 'a seller role',
      yaml: withCrm('crm: { roles: { Technical Buyer: ae } }'),
      errors: [{ line: 33, column: 34, message: 'CRM role "Technical Buyer" maps to "ae", which is not a buyer role (it is a seller role: contact roles are on the buyer side); use one of: owner' }],
    },
  ],
});

/** crm-unknown-role: a CRM contact role must map to a buyer role of the process. */
import type { Rule } from '../rule.js';

export const crmUnknownRole: Rule = {
  id: 'crm-unknown-role',
  meta: {
    description: 'a `crm.roles` entry mapping to something that is not a buyer role',
    defaultSeverity: 'error',
    scope: 'file',
    messages: { notABuyerRole: 'CRM role "{{crmRole}}" maps to "{{buyerRole}}", which is not a buyer role{{seller}}; use one of: {{buyers}}' },
  },
  check({ process, report }) {
    const buyers = [...process.buyerRoles.keys()].join(', ') || '(none)';
    for (const [crmRole, buyerRole] of process.crm?.roles ?? []) {
      if (process.buyerRoles.has(buyerRole)) continue;
      const seller = process.sellerRoles.has(buyerRole) ? ' (it is a seller role: contact roles are on the buyer side)' : '';
      report({ path: ['crm', 'roles', crmRole], messageId: 'notABuyerRole', data: { crmRole, buyerRole, seller, buyers } });
    }
  },
};

/** The partner-sourced mid-market template: a partner registers the deal, and we sell with them from discovery on. */
import type { ProcessTemplate } from '../templates.js';

export const partner: ProcessTemplate = {
  id: 'partner',
  name: 'mid-market-partner',
  segment: 'mid-market',
  label: 'Partner-sourced mid-market',
  summary: 'partner-sourced mid-market deals — partner registration, joint discovery, demo, joint proposal and the order through the partner',
  dealSize: 25000,
  story:
    'Partner-sourced: a partner brings the deal and registers it; we run discovery, the demo and the proposal together with the partner, and the order goes through them. The champion brings us in, but the economic buyer decides and signs.',
  appliesTo: { employees: { min: 50, max: 999 }, industries: ['any'], sources: ['partner'] },
  appliesToNote:
    'Mid-market companies (50–999 employees) that a partner brought (`sources: [partner]`): a direct mid-market process with other sources does not overlap this one.',
  roles: {
    seller: { 'partner-manager': 'Partner manager', ae: 'Account executive', se: 'Solutions engineer' },
    buyer: {
      champion: { title: 'Champion', description: 'Owns the problem; the partner’s contact at the account.' },
      'economic-buyer': { title: 'Economic buyer', decisionMaker: true, description: 'Holds the budget and signs.' },
      users: { title: 'Operational users', description: 'The people who will use the product every day.' },
      it: { title: 'IT', description: 'Integrates the product and answers for how it fits their stack.' },
    },
  },
  start: 'deal-registration',
  steps: [
    {
      id: 'deal-registration',
      why: 'Partner registration: the partner registers the deal and introduces us; registration settles who owns it before anyone invests time.',
      body: {
        title: 'Partner registers the deal and introduces us',
        kind: 'discovery',
        description: 'The partner submits the registration; once it is approved (no conflict with a direct deal), the partner introduces us to the champion.',
        owner: 'partner-manager',
        with: ['champion'],
        duration: { min: 1, likely: 2, max: 5 },
        exitCriteria: ['Registration approved, with no conflicting direct deal', 'Introduction call held with the partner and the champion'],
        next: [
          { to: 'joint-discovery', p: 0.8, within: { min: 1, likely: 3, max: 5 } },
          { to: 'lost', p: 0.2, reason: 'registration-rejected' },
        ],
      },
    },
    {
      id: 'joint-discovery',
      why: 'Joint discovery: we qualify with the partner in the room, and agree what the partner does in the deal.',
      body: {
        title: 'Joint discovery with the partner',
        kind: 'discovery',
        description: 'Understand the problem, its cost, how they buy and who decides, together with the partner.',
        owner: 'ae',
        with: ['champion', 'users'],
        duration: { min: 2, likely: 5, max: 10 },
        exitCriteria: ['Problem and its cost confirmed by the champion', 'Who decides (the economic buyer) and how they buy is known', 'The partner’s part agreed: resell, refer or implement'],
        next: [
          { to: 'demo', p: 0.65, within: { min: 2, likely: 3, max: 7 } },
          { to: 'lost', p: 0.35, reason: 'not-qualified' },
        ],
      },
    },
    {
      id: 'demo',
      why: 'Present the value to everyone who will use or run the product.',
      body: {
        title: 'Demo',
        kind: 'demo',
        description: 'Show the workflows that solve the problem and how the product fits their stack; the partner shows their services around it.',
        owner: 'se',
        with: ['champion', 'users', 'it'],
        duration: { min: 1, likely: 3, max: 5 },
        exitCriteria: ['Everyone in the demo agrees the product solves the problem', 'Next meeting booked'],
        next: [
          { to: 'joint-proposal', p: 0.8, within: { min: 1, likely: 2, max: 5 } },
          { to: 'lost', p: 0.2, reason: 'no-fit' },
        ],
      },
    },
    {
      id: 'joint-proposal',
      why: 'Meet the economic buyer, who decides, with the partner before asking for the business.',
      body: {
        title: 'Joint proposal to the economic buyer',
        kind: 'proposal',
        description: 'Present the business case, our licence and the partner’s services as one proposal to the economic buyer.',
        owner: 'ae',
        with: ['economic-buyer', 'champion'],
        duration: { min: 3, likely: 5, max: 10 },
        exitCriteria: ['The economic buyer confirms budget, scope and decision date', 'The partner’s services and margin are in the quote'],
        next: [
          { to: 'order-form', p: 0.75, within: { min: 2, likely: 3, max: 7 } },
          { to: 'lost', p: 0.25, reason: 'no-budget' },
        ],
      },
    },
    {
      id: 'order-form',
      why: 'Ask for the business only here, once the gate below is met; the order goes through the partner.',
      body: {
        title: 'Order through the partner',
        kind: 'negotiation',
        description: 'Agree the last terms and ask the economic buyer to sign the partner’s order form.',
        ask: true,
        owner: 'partner-manager',
        with: ['economic-buyer'],
        requires: { involved: ['champion', 'economic-buyer', 'users', 'it'], completed: ['joint-discovery', 'demo', 'joint-proposal'] },
        duration: { min: 3, likely: 7, max: 15 },
        exitCriteria: ['Order form signed with the partner'],
        next: [
          { to: 'won', p: 0.8, within: { min: 1, likely: 3, max: 5 } },
          { to: 'lost', p: 0.2, reason: 'no-decision' },
        ],
      },
    },
  ],
  crm: {
    appointmentscheduled: 'deal-registration',
    qualifiedtobuy: 'joint-discovery',
    presentationscheduled: 'demo',
    decisionmakerboughtin: 'joint-proposal',
    contractsent: 'order-form',
    closedwon: 'won',
    closedlost: 'lost',
  },
};

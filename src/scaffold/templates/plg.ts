/** The product-led SMB template: a trial's usage signal routes a deal to a sales-assisted close or to self-serve. */
import type { ProcessTemplate } from '../templates.js';

export const plg: ProcessTemplate = {
  id: 'plg',
  name: 'smb-product-led',
  segment: 'smb',
  label: 'Product-led SMB',
  summary: 'product-led SMB — sign-up and trial, a usage signal, then a sales-assisted close where a budget holder is engaged and self-serve otherwise',
  dealSize: 5000,
  story:
    'Product-led: small businesses sign up and try the product on their own. When the trial shows the usage signal, the deal forks: an account where a budget holder is engaged gets a sales-assisted close (it wins more often), every other account upgrades self-serve.',
  appliesTo: { employees: { max: 49 }, industries: ['any'], sources: ['product-led'] },
  appliesToNote:
    'Small businesses (up to 49 employees) that came in through the product (`sources: [product-led]`): a sales-led SMB process with other sources does not overlap this one.',
  roles: {
    seller: { growth: 'Growth team (the product-led funnel)', ae: 'Account executive' },
    buyer: {
      admin: { title: 'Workspace admin', decisionMaker: true, description: 'Signed up and set up the workspace; upgrades with a card when the plan fits.' },
      users: { title: 'Trial users', description: 'The team members who use the product during the trial.' },
      'budget-holder': { title: 'Budget holder', decisionMaker: true, description: 'A manager with a budget for the team; signs an order form.' },
    },
  },
  start: 'trial',
  steps: [
    {
      id: 'trial',
      why: 'Sign-up and trial: the buyer sees the value by using the product, which is what a demo shows second-hand.',
      body: {
        title: 'Sign-up and free trial',
        kind: 'trial',
        description: 'The workspace admin signs up and invites the team; in-product onboarding leads to the key action.',
        owner: 'growth',
        with: ['admin', 'users'],
        duration: { min: 3, likely: 7, max: 10 },
        exitCriteria: ['The workspace reached the usage signal (e.g. three active users in the first week)'],
        next: [
          { to: 'usage-signal', p: 0.4, within: { min: 0, likely: 1, max: 2 } },
          { to: 'lost', p: 0.6, reason: 'not-activated' },
        ],
      },
    },
    {
      id: 'usage-signal',
      why: 'The usage signal makes the account a product-qualified lead; who holds the budget decides how it closes.',
      body: {
        title: 'Usage signal: product-qualified lead',
        kind: 'discovery',
        description: 'Look at the account: team size, plan fit, and whether a budget holder is engaged (invited, active, or asked for pricing).',
        owner: 'growth',
        with: ['admin'],
        duration: 1,
        exitCriteria: ['Budget holder engaged, or the account fits a self-serve plan'],
        next: [
          { to: 'sales-assist-call', p: 0.35, within: { min: 1, likely: 2, max: 3 }, description: 'A budget holder is engaged: sales-assisted close' },
          { to: 'self-serve-upgrade', p: 0.55, within: { min: 0, likely: 2, max: 5 }, description: 'No budget holder: self-serve' },
          { to: 'lost', p: 0.1, reason: 'usage-dropped' },
        ],
      },
    },
    {
      id: 'sales-assist-call',
      why: 'Sales-assisted: a call with the budget holder on the team’s results and the plan that fits them.',
      body: {
        title: 'Call with the budget holder',
        kind: 'demo',
        description: 'Review what the team achieved in the trial, show what the paid plan adds, and agree the plan and the price.',
        owner: 'ae',
        with: ['budget-holder', 'admin'],
        duration: { min: 1, likely: 2, max: 5 },
        exitCriteria: ['The budget holder agrees the trial results are worth the price', 'Plan and seats agreed'],
        next: [
          { to: 'order-form', p: 0.75, within: { min: 1, likely: 2, max: 5 } },
          { to: 'lost', p: 0.25, reason: 'no-budget' },
        ],
      },
    },
    {
      id: 'order-form',
      why: 'Ask the budget holder for the order only once the trial proved the value and the plan is agreed (the gate below).',
      body: {
        title: 'Order form with the budget holder',
        kind: 'close',
        description: 'Send the order form for the agreed plan and ask the budget holder to sign.',
        ask: true,
        owner: 'ae',
        with: ['budget-holder'],
        requires: { involved: ['admin', 'users', 'budget-holder'], completed: ['usage-signal', 'sales-assist-call'] },
        duration: 1,
        exitCriteria: ['Order form signed'],
        next: [
          { to: 'won', p: 0.85, within: { min: 0, likely: 1, max: 3 } },
          { to: 'lost', p: 0.15, reason: 'no-decision' },
        ],
      },
    },
    {
      id: 'self-serve-upgrade',
      why: 'Self-serve: the admin upgrades with a card; the product asks, at the moment the trial’s value is plain (the gate below).',
      body: {
        title: 'Self-serve upgrade',
        kind: 'close',
        description: 'In-product prompts and a nudge email ask the admin to pick a plan before the trial ends.',
        ask: true,
        owner: 'growth',
        with: ['admin'],
        requires: { involved: ['admin', 'users'], completed: ['usage-signal'] },
        duration: { min: 1, likely: 2, max: 5 },
        exitCriteria: ['Subscription started'],
        next: [
          { to: 'won', p: 0.5, within: 0 },
          { to: 'lost', p: 0.5, reason: 'no-upgrade' },
        ],
      },
    },
  ],
  crm: {
    appointmentscheduled: 'trial',
    qualifiedtobuy: 'usage-signal',
    presentationscheduled: 'sales-assist-call',
    decisionmakerboughtin: 'sales-assist-call',
    contractsent: ['order-form', 'self-serve-upgrade'],
    closedwon: 'won',
    closedlost: 'lost',
  },
};

// segment-overlap: processes whose appliesTo match the same prospects at the same industry specificity.
import { scopedProcess as scoped, testRule } from '../rule-tester.js';

testRule('segment-overlap', {
  valid: [
    {
      name: 'the bundled tiling: up to 49, 50–999, 1000+',
      yaml:
        scoped('smb', '{ employees: { max: 49 }, industries: [any] }') +
        scoped('mid-market', '{ employees: { min: 50, max: 999 }, industries: [any] }') +
        scoped('enterprise', '{ employees: { min: 1000 } }'),
    },
    {
      name: 'an industry process overrides an any process (specificity, not overlap)',
      yaml: scoped('enterprise', '{ employees: { min: 1000 } }') + scoped('enterprise-healthcare', '{ employees: { min: 1000 }, industries: [healthcare] }'),
    },
    {
      name: 'arr ranges that do not share their bound',
      yaml: scoped('mid', '{ arr: { max: 99999 } }') + scoped('strategic', '{ arr: { min: 100000 } }'),
    },
    {
      name: 'disjoint regions, and disjoint industry lists',
      yaml:
        scoped('smb-emea', '{ employees: { max: 49 }, regions: [emea] }') +
        scoped('smb-na', '{ employees: { max: 49 }, regions: [na] }') +
        scoped('health', '{ industries: [healthcare] }') +
        scoped('fin', '{ industries: [fintech, insurance] }'),
    },
    {
      name: 'a partner-sourced and a direct process for the same segment: disjoint sources, or an override of [any]',
      yaml:
        scoped('mid-market', '{ employees: { min: 50, max: 999 } }') +
        scoped('partner-mid-market', '{ employees: { min: 50, max: 999 }, sources: [partner] }') +
        scoped('direct-mid-market', '{ employees: { min: 50, max: 999 }, sources: [inbound, outbound] }'),
    },
    {
      name: 'processes without appliesTo are ignored',
      yaml: scoped('a', undefined) + scoped('b', undefined) + scoped('c', '{ employees: { max: 49 } }'),
    },
  ],
  invalid: [
    {
      name: 'employee ranges that overlap: reported on the later file, naming both ranges',
      yaml: scoped('smb', '{ employees: { max: 60 } }') + scoped('mid-market', '{ employees: { min: 50, max: 999 } }'),
      errors: [
        {
          file: 'processes/mid-market.yaml',
          line: 5,
          column: 1,
          message: "employees up to 60 of smb (processes/smb.yaml) overlap mid-market's employees 50–999 on industry any; make the ranges disjoint",
        },
      ],
    },
    {
      name: 'arr ranges sharing a bound, on a shared explicit industry and region',
      yaml:
        scoped('mid-health', '{ arr: { max: 100000 }, industries: [healthcare, fintech], regions: [emea] }') +
        scoped('big-health', '{ arr: { min: 100000 }, industries: [healthcare], regions: [emea, na] }'),
      errors: [
        {
          file: 'processes/big-health.yaml',
          line: 5,
          column: 1,
          message: "arr up to 100000 of mid-health (processes/mid-health.yaml) overlap big-health's arr 100000+ on industry healthcare in region emea",
        },
      ],
    },
    {
      name: 'a third process overlapping both earlier ones is reported twice',
      yaml:
        scoped('smb', '{ employees: { max: 49 } }') +
        scoped('mid-market', '{ employees: { min: 50, max: 999 } }') +
        scoped('catch-all', '{ industries: [any] }'),
      errors: [
        { file: 'processes/catch-all.yaml', line: 5, column: 1, message: 'of smb (processes/smb.yaml)' },
        { file: 'processes/catch-all.yaml', line: 5, column: 1, message: 'of mid-market (processes/mid-market.yaml)' },
      ],
    },
    {
      name: 'source lists that share a source overlap on it, and say so',
      yaml:
        scoped('partner-mid', '{ employees: { min: 50, max: 999 }, sources: [partner] }') +
        scoped('channel', '{ employees: { min: 500 }, sources: [partner, marketplace] }'),
      errors: [
        {
          file: 'processes/channel.yaml',
          line: 5,
          column: 1,
          message: "employees 50–999 of partner-mid (processes/partner-mid.yaml) overlap channel's employees 500+ on industry any from source partner",
        },
      ],
    },
    {
      name: 'more specific by industry against more specific by source: neither overrides',
      yaml: scoped('health', '{ industries: [healthcare] }') + scoped('partner', '{ sources: [partner] }'),
      errors: [{ file: 'processes/partner.yaml', line: 5, column: 1, message: 'both apply to every prospect on industry healthcare from source partner' }],
    },
    {
      name: 'two processes with no ranges on the same industry',
      yaml: scoped('a', '{ industries: [retail] }') + scoped('b', '{ industries: [retail] }'),
      errors: [{ file: 'processes/b.yaml', line: 5, column: 1, message: 'a (processes/a.yaml) and b both apply to every prospect on industry retail' }],
    },
  ],
});

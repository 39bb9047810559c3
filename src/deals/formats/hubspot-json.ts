/** HubSpot CRM v3 deals with `propertiesWithHistory=dealstage`: one response (`results`), an array of pages, or NDJSON of deals or pages. */
import { type DealCollector, quote } from '../collect.js';
import { isObject, jsonInstant, readJson, scalar } from '../json.js';
import type { TextStream } from '../text.js';
import type { SourcePosition } from '../types.js';

/** A JSON head that holds HubSpot deals: the `propertiesWithHistory` of a v3 response, or a `dealstage` property. */
export function isHubspotJson(head: string): boolean {
  return /"propertiesWithHistory"\s*:/.test(head) || (/"results"\s*:/.test(head) && /"dealstage"\s*:/.test(head));
}

/** Reads one HubSpot JSON file (v3 `GET /crm/v3/objects/deals?propertiesWithHistory=dealstage` responses). */
export async function readHubspotJson(stream: TextStream, head: string, collector: DealCollector): Promise<void> {
  const file = stream.file;
  const at = (path: string, line: number | undefined): SourcePosition => (line === undefined ? { file, jsonPath: path } : { file, line, jsonPath: path });

  const visit = (value: unknown, path: string, line: number | undefined, depth: number): void => {
    if (Array.isArray(value) && depth < 2) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, line, depth + 1));
      return;
    }
    if (isObject(value) && Array.isArray(value['results'])) {
      value['results'].forEach((item, i) => readDeal(item, `${path}.results[${i}]`, line));
      return;
    }
    readDeal(value, path, line);
  };

  const readDeal = (record: unknown, path: string, line: number | undefined): void => {
    const source = at(path, line);
    if (!isObject(record)) {
      collector.issue('bad-record', source, 'not a deal object (expected {id, properties, propertiesWithHistory}); record not used');
      return;
    }
    const properties = isObject(record['properties']) ? record['properties'] : {};
    const id = scalar(record['id']) ?? scalar(properties['hs_object_id']);
    if (id === undefined) {
      collector.issue('missing-field', source, 'a deal without "id"; record not used');
      return;
    }
    const withHistory = isObject(record['propertiesWithHistory']) ? record['propertiesWithHistory'] : {};
    const history = withHistory['dealstage'];
    if (!Array.isArray(history)) {
      collector.issue('missing-field', source, `deal ${quote(id)} has no propertiesWithHistory.dealstage; request the deals with propertiesWithHistory=dealstage`, id);
      return;
    }
    const deal = collector.deal(id, source);
    if (!collector.pipeline(deal, scalar(properties['pipeline']), source)) return;
    history.forEach((entry, i) => {
      const entrySource = at(`${path}.propertiesWithHistory.dealstage[${i}]`, line);
      if (!isObject(entry)) {
        collector.issue('bad-record', entrySource, `deal ${quote(id)}: a history entry that is not an object; entry not used`, id);
        return;
      }
      const stage = scalar(entry['value']);
      if (stage === undefined) {
        collector.issue('missing-field', entrySource, `deal ${quote(id)}: a dealstage entry without a value; entry not used`, id);
        return;
      }
      const time = jsonInstant(collector, entry['timestamp'], 'timestamp', entrySource, id);
      if (time !== undefined) collector.event(deal, stage, time, entrySource);
    });
    const property = (name: string): SourcePosition => at(`${path}.properties.${name}`, line);
    const owner = scalar(properties['hubspot_owner_id']);
    if (owner !== undefined) deal.owner = owner;
    const amount = collector.amount(scalar(properties['amount']), property('amount'), id);
    if (amount !== undefined) deal.amount = amount;
    collector.currency(deal, scalar(properties['deal_currency_code']), property('deal_currency_code'));
    const created = scalar(properties['createdate']);
    if (created !== undefined) deal.createdAt = jsonInstant(collector, created, 'createdate', property('createdate'), id) ?? deal.createdAt;
    const next = scalar(properties['notes_next_activity_date']);
    if (next !== undefined) deal.nextActivityAt = jsonInstant(collector, next, 'notes_next_activity_date', property('notes_next_activity_date'), id) ?? deal.nextActivityAt;
    const nextStep = scalar(properties['hs_next_step']);
    if (nextStep !== undefined) deal.nextStep = nextStep;
  };

  await readJson(stream, head, collector, (value, line) => visit(value, '$', line, 0));
}

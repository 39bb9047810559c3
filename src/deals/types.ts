/** Deal data as every reader delivers it: deals with their stage history, and what could not be read. */

/** Where a record came from, for diagnostics: a CSV line (1-based) or a JSON path within a file. */
export interface SourcePosition {
  readonly file: string;
  /** 1-based line of a CSV row or NDJSON record. */
  readonly line?: number;
  readonly column?: number;
  /** JSON path of a record, e.g. `$.results[3].propertiesWithHistory.dealstage[1]`. */
  readonly jsonPath?: string;
}

/** One stage change (or stage record) of a deal, as the CRM wrote it. */
export interface DealEvent {
  /** The stage as it appears in the data (id or label); mapped onto the process later. */
  readonly stage: string;
  /** The instant, in epoch milliseconds (UTC). */
  readonly at: number;
  /** Buyer-side roles (CRM contact roles or buyer role ids) that took part at this stage, when the data has them. */
  readonly involved?: readonly string[];
  readonly source: SourcePosition;
}

/** One deal: its stage history (sorted by time, ties in file order) and attributes. */
export interface Deal {
  readonly id: string;
  readonly pipeline: string | undefined;
  readonly events: readonly DealEvent[];
  readonly owner?: string;
  readonly amount?: number;
  readonly currency?: string;
  /** Epoch milliseconds. */
  readonly createdAt?: number;
  /** Epoch milliseconds of the next scheduled activity, when one is scheduled. */
  readonly nextActivityAt?: number;
  /** The CRM's free-text next step. */
  readonly nextStep?: string;
  /** Contact roles recorded on the deal as a whole (e.g. Salesforce OpportunityContactRole). */
  readonly involved?: readonly string[];
  /** Whether an open activity exists (Salesforce `HasOpenActivity`, which has no next-activity date). */
  readonly hasOpenActivity?: boolean;
  /** Whether an overdue task exists (Salesforce `HasOverdueTask`). */
  readonly hasOverdueTask?: boolean;
  /** Where the deal was first seen. */
  readonly source: SourcePosition;
}

/** What a reader could not use, counted and reported, never silently dropped. */
export interface DealDataIssue {
  readonly kind:
    | 'unparseable-date'
    | 'missing-field'
    | 'time-backwards'
    | 'after-as-of'
    | 'duplicate-deal'
    | 'bad-amount'
    | 'bad-record';
  /** One line, says what is wrong and what to do. */
  readonly message: string;
  readonly dealId?: string;
  readonly source: SourcePosition;
}

/** The deal data formats spx reads (detected from content unless forced). */
export type DealFormat = 'events' | 'hubspot' | 'salesforce' | 'pipedrive';

// KmsEventLog: what KMS itself recorded per Region (CloudTrail LookupEvents), for reconciling the audit trail.

/** One KMS management event as CloudTrail reports it, in domain terms. Times are ISO strings. */
export interface KmsEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: string;
  /** The Region whose KMS recorded the event. */
  readonly region: string;
  /** Key ids (from the event's resource ARNs or its keyId parameter) the event touched. */
  readonly keyIds: readonly string[];
  readonly readOnly: boolean;
  /** `userIdentity.type` (IAMUser, AssumedRole, AWSService...). */
  readonly identityType: string;
  /** The principal ARN when CloudTrail names one (production: tells the control plane's role apart). */
  readonly principalArn?: string | undefined;
  /** Set for events KMS makes itself (`AWS Internal`: replica sync, deletion at the window's end). */
  readonly invokedBy?: string | undefined;
  readonly requestId?: string | undefined;
  readonly requestParameters?: Readonly<Record<string, unknown>> | undefined;
}

export interface KmsEventQuery {
  /** Inclusive window, ISO times. CloudTrail keeps 90 days of management events. */
  readonly startTime: string;
  readonly endTime: string;
}

export interface KmsEventLog {
  /**
   * Every KMS management event recorded in `region` during the window (all pages), oldest first.
   * Read-only events may be left out by the source. Errors are domain errors (DependencyError, ThrottledError).
   */
  lookupEvents(region: string, query: KmsEventQuery): Promise<readonly KmsEvent[]>;
}

// The shapes mrkctl reads from the API (ARCHITECTURE section 5), as plain types: the CLI speaks HTTP
// and imports nothing at run time from the server code.
import type { DriftView, KeyView, OperationView } from '../../src/app/api/schemas/view-schemas.js';

export type { DriftView, KeyView, OperationView };

export interface AuditEventView {
  eventId: string;
  keyId: string;
  writerRegion: string;
  at: string;
  actor: string;
  action: string;
  region?: string;
  requestId: string;
  operationId?: string;
  result: string;
  details?: Record<string, unknown>;
  sequence: number;
  prevHash: string;
  hash: string;
}

export interface VerificationView {
  valid: boolean;
  chains: { keyId: string; writerRegion: string; length: number; firstSequence: number; headHash: string }[];
  brokenCount: number;
  firstBroken?: Record<string, unknown>;
  /** The signed digests (absent where the deployment writes none). */
  digests?: DigestVerificationView;
}

export interface DigestProblemView {
  kind: string;
  message: string;
  digestSequence?: number;
  keyId?: string;
  writerRegion?: string;
  recordedSequence?: number;
}

export interface DigestVerificationView {
  valid: boolean;
  digestCount: number;
  latest?: { sequence: number; createdAt: string; chainCount: number };
  checkedHeads: number;
  problems: DigestProblemView[];
  warnings: DigestProblemView[];
}

export interface AuditListView {
  items: AuditEventView[];
  nextToken?: string;
  verification?: VerificationView;
}

export interface ListView<T> {
  items: T[];
  nextToken?: string;
}

export interface AcceptedView {
  key?: KeyView;
  operation: OperationView;
}

/** PATCH /keys/{id} that changes nothing: 200, no operation. */
export interface UnchangedView {
  key: KeyView;
  unchanged: true;
  message: string;
}

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['Succeeded', 'PartiallySucceeded', 'Failed']);

// CreationIntentRepository: key sets about to be created, so an interrupted create is resumed, never repeated.
import type { KeyCreationIntent } from '../model/creation-intent.js';
import type { Page, PageRequest } from './page.js';

export interface CreationIntentRepository {
  /**
   * Stores the intent before the first KMS call. `fresh` is false when an intent with this operation id
   * was already stored (a retry): then the stored one is returned and KMS may already hold its key.
   */
  record(intent: KeyCreationIntent): Promise<{ readonly intent: KeyCreationIntent; readonly fresh: boolean }>;

  get(operationId: string): Promise<KeyCreationIntent | undefined>;

  /** Remembers the key CreateKey made. NotFoundError if the intent is gone. */
  setKeyId(operationId: string, keyId: string): Promise<void>;

  /** The create finished (the key set is stored and launched) or was abandoned. Idempotent. */
  remove(operationId: string): Promise<void>;

  /** Open intents created before `before`, oldest first (the sweep of interrupted creates). */
  listOpen(before: Date, page?: PageRequest): Promise<Page<KeyCreationIntent>>;
}

// In-memory CreationIntentRepository, held to the same contract tests as the DynamoDB one.
import { NotFoundError } from '../errors.js';
import type { KeyCreationIntent } from '../model/creation-intent.js';
import type { CreationIntentRepository } from '../ports/creation-intent-repository.js';
import type { Page, PageRequest } from '../ports/page.js';
import { pageOf } from './fake-paging.js';

export class InMemoryCreationIntentRepository implements CreationIntentRepository {
  readonly #intents = new Map<string, KeyCreationIntent>();

  async record(intent: KeyCreationIntent): Promise<{ intent: KeyCreationIntent; fresh: boolean }> {
    const stored = this.#intents.get(intent.operationId);
    if (stored !== undefined) return { intent: structuredClone(stored), fresh: false };
    this.#intents.set(intent.operationId, structuredClone(intent));
    return { intent: structuredClone(intent), fresh: true };
  }

  async get(operationId: string): Promise<KeyCreationIntent | undefined> {
    const stored = this.#intents.get(operationId);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  async setKeyId(operationId: string, keyId: string): Promise<void> {
    const stored = this.#intents.get(operationId);
    if (stored === undefined) throw new NotFoundError(`Creation intent ${operationId} not found`);
    this.#intents.set(operationId, { ...stored, keyId });
  }

  async remove(operationId: string): Promise<void> {
    this.#intents.delete(operationId);
  }

  async listOpen(before: Date, page?: PageRequest): Promise<Page<KeyCreationIntent>> {
    const open = [...this.#intents.values()]
      .filter((intent) => Date.parse(intent.createdAt) < before.getTime())
      .sort((a, b) => `${a.createdAt}#${a.operationId}`.localeCompare(`${b.createdAt}#${b.operationId}`))
      .map((intent) => structuredClone(intent));
    return pageOf(open, `intents:${before.toISOString()}`, page);
  }
}

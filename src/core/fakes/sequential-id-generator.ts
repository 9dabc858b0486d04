// SequentialIdGenerator: predictable ids for tests.
import type { IdGenerator } from '../ports/id-generator.js';

/** Deterministic ids `<prefix>-000001`, `<prefix>-000002`, ... for tests. */
export class SequentialIdGenerator implements IdGenerator {
  #next = 1;

  newId(prefix = 'id'): string {
    return `${prefix}-${String(this.#next++).padStart(6, '0')}`;
  }
}

// RandomIdGenerator: unique, roughly time-ordered ids that fit Step Functions execution names.
import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../../core/ports/id-generator.js';

export class RandomIdGenerator implements IdGenerator {
  newId(prefix = 'id'): string {
    return `${prefix}-${Date.now().toString(36)}-${randomBytes(8).toString('hex')}`;
  }
}

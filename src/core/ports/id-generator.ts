// IdGenerator: new ids for operations and requests (random in production, sequential in tests).

export interface IdGenerator {
  /** A new unique id; `prefix` (e.g. `op`) is prepended as `<prefix>-<id>`. */
  newId(prefix?: string): string;
}

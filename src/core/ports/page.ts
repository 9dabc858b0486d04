// Paging shared by every list port: an opaque, tamper-checked token and a bounded page size.

export interface PageRequest {
  /** 1..1000; adapters default to 50. */
  readonly limit?: number | undefined;
  /** The `nextToken` of the previous page, passed back unchanged. A forged or foreign token is a ValidationError. */
  readonly nextToken?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items may follow. */
  readonly nextToken?: string | undefined;
}

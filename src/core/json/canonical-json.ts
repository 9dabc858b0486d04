// Canonical JSON: sorted object keys, no whitespace, so equal data always gives equal bytes (hashes, diffs).
import { createHash } from 'node:crypto';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * Serialises plain JSON data with object keys sorted by UTF-16 code units at every depth (the RFC 8785
 * order; numbers and strings use JSON.stringify, which matches RFC 8785 for finite numbers).
 * Properties whose value is `undefined` are left out, as JSON.stringify does. Anything that is not
 * plain JSON (a non-finite number, a function, a Date, a class instance, a cycle) throws TypeError,
 * because silently coercing it would make two different inputs hash the same.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, path: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
      return JSON.stringify(value);
    case 'object':
      return writeObject(value, path);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON data`);
  }
}

function writeObject(value: object, path: Set<object>): string {
  if (path.has(value)) throw new TypeError('canonicalJson: the value contains a cycle');
  path.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item) => (item === undefined ? 'null' : write(item, path))).join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(
        `canonicalJson: a ${proto?.constructor?.name ?? 'class'} instance is not JSON data`,
      );
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key], path)}`);
    return `{${members.join(',')}}`;
  } finally {
    path.delete(value);
  }
}

/** Lowercase hex SHA-256 of a UTF-8 string (pure computation, no I/O). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

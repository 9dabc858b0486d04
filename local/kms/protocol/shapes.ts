// Input shapes, checked server-side the way KMS does (KMS-MRK-SPEC section 11: full validation,
// AWS's "N validation errors detected" wording). Wrong JSON types are SerializationException.

export type Shape =
  | {
      kind: 'string';
      min?: number;
      max?: number;
      pattern?: RegExp;
      enum?: readonly string[];
      sensitive?: boolean;
    }
  | { kind: 'blob'; min?: number; max?: number }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'timestamp' }
  | { kind: 'list'; member: Shape; min?: number; max?: number }
  | { kind: 'map'; key: Shape; value: Shape; max?: number }
  | { kind: 'structure'; members: Members; required?: readonly string[] };

export type Members = Readonly<Record<string, Shape>>;

/** An operation's input: its members and which are required. */
export interface InputShape {
  members: Members;
  required?: readonly string[];
}

export const str = (options: Omit<Extract<Shape, { kind: 'string' }>, 'kind'> = {}): Shape => ({
  kind: 'string',
  ...options,
});
export const blob = (options: Omit<Extract<Shape, { kind: 'blob' }>, 'kind'> = {}): Shape => ({
  kind: 'blob',
  ...options,
});
export const int = (options: Omit<Extract<Shape, { kind: 'integer' }>, 'kind'> = {}): Shape => ({
  kind: 'integer',
  ...options,
});
export const bool = (): Shape => ({ kind: 'boolean' });
/** Epoch seconds, fractional allowed (KMS-MRK-SPEC section 11); run() receives epoch milliseconds. */
export const timestamp = (): Shape => ({ kind: 'timestamp' });
export const list = (member: Shape, options: { min?: number; max?: number } = {}): Shape => ({
  kind: 'list',
  member,
  ...options,
});
export const map = (key: Shape, value: Shape, options: { max?: number } = {}): Shape => ({
  kind: 'map',
  key,
  value,
  ...options,
});
export const struct = (members: Members, required: readonly string[] = []): Shape => ({
  kind: 'structure',
  members,
  required,
});
export const enumOf = (values: readonly string[]): Shape => ({ kind: 'string', enum: values });

// Shapes shared by many operations (KMS model, kms-2014-11-01).
export const keyIdShape = str({ min: 1, max: 2048 });
export const grantTokensShape = list(str({ min: 1, max: 8192 }), { max: 10 });
export const encryptionContextShape = map(str(), str());
export const regionShape = str({ min: 1, max: 32, pattern: /^([a-z]+-){2,3}\d+$/ });
export const policyShape = str({ min: 1, max: 131072, pattern: /^[\t\n\r\u0020-\u00FF]+$/ });
export const descriptionShape = str({ min: 0, max: 8192 });
export const limitShape = int({ min: 1, max: 1000 });
export const markerShape = str({ min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ });
export const tagsShape = list(
  struct({ TagKey: str({ min: 1, max: 128 }), TagValue: str({ min: 0, max: 256 }) }, ['TagKey', 'TagValue']),
);

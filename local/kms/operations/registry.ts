// The typed static registry: the exact AWS operation name -> its module. One file per operation.
import { createKey } from './create-key.js';
import { decrypt } from './decrypt.js';
import { describeKey } from './describe-key.js';
import { encrypt } from './encrypt.js';
import { listKeys } from './list-keys.js';
import type { Operation } from './operation.js';
import { replicateKey } from './replicate-key.js';

// Operations declare their own input types; the registry only needs the common shape.
// biome-ignore lint/suspicious/noExplicitAny: each entry is validated against its own input shape first.
export const operations: Readonly<Record<string, Operation<any, Record<string, unknown> | undefined>>> = {
  CreateKey: createKey,
  Decrypt: decrypt,
  DescribeKey: describeKey,
  Encrypt: encrypt,
  ListKeys: listKeys,
  ReplicateKey: replicateKey,
};

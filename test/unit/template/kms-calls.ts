// The KMS API actions a function's code can call: KeyService calls found in its entry point's value-import closure.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from './template-model.js';

const KEY_SERVICE = join(REPO_ROOT, 'src/core/ports/key-service.ts');

/** KeyService methods whose KMS call needs more than its own action (AWS KMS developer guide, ReplicateKey/CreateKey). */
const EXTRA_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // ReplicateKey creates (and tags) the replica in the target Region as the caller.
  replicateKey: ['ReplicateKey', 'CreateKey', 'TagResource'],
  // CreateKey with Tags needs kms:TagResource.
  createKey: ['CreateKey', 'TagResource'],
};

/**
 * The AuditDigestSigner port's methods and the KMS actions each can call (KmsAuditDigestSigner): signing
 * finds the key by its alias, creating (and tagging and aliasing) it on first use; verifying reads it.
 */
const DIGEST_SIGNER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  signDigest: ['DescribeKey', 'CreateKey', 'TagResource', 'CreateAlias', 'Sign'],
  verifyDigest: ['DescribeKey', 'GetPublicKey'],
};

/** The method names of the KeyService port. */
export function keyServiceMethods(): Set<string> {
  const text = readFileSync(KEY_SERVICE, 'utf8');
  const body = text.slice(text.indexOf('export interface KeyService'));
  return new Set([...body.matchAll(/^\s{2}(\w+)\(/gm)].map((match) => match[1]!));
}

/** Source files reachable from `entry` through value imports (type-only imports carry no code). */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(REPO_ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm,
    )) {
      const target = toSourceFile(resolve(dirname(file), match[1]!));
      if (target !== undefined) queue.push(target);
    }
  }
  return [...seen].map((file) => relative(REPO_ROOT, file)).sort();
}

function toSourceFile(path: string): string | undefined {
  for (const candidate of [path.replace(/\.js$/, '.ts'), path, `${path}.ts`, join(path, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}

/** The KMS actions (without `kms:`) the code reachable from `entry` can call through KeyService and AuditDigestSigner. */
export function kmsActionsCalledFrom(entry: string): Set<string> {
  const methods = keyServiceMethods();
  const actions = new Set<string>();
  for (const file of importClosure(entry)) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const match of text.matchAll(/\.(signDigest|verifyDigest)\(/g)) {
      for (const action of DIGEST_SIGNER_ACTIONS[match[1]!] ?? []) actions.add(action);
    }
    for (const match of text.matchAll(/\bkms\.(\w+)\(/g)) {
      const method = match[1]!;
      if (!methods.has(method)) continue;
      for (const action of EXTRA_ACTIONS[method] ?? [method[0]!.toUpperCase() + method.slice(1)])
        actions.add(action);
    }
  }
  return actions;
}

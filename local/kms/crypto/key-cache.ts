// Decoded key material, cached per material version: parsing DER and base64 on every request
// would dominate the crypto operations' cost. Weakly held, so rotated-away or deleted keys go.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { MaterialVersion } from '../model/types.js';

const secrets = new WeakMap<MaterialVersion, Buffer>();
const privateKeys = new WeakMap<MaterialVersion, KeyObject>();
const publicKeys = new WeakMap<MaterialVersion, KeyObject>();

/** The symmetric or HMAC secret of a material version. */
export function secretOf(material: MaterialVersion): Buffer {
  let secret = secrets.get(material);
  if (!secret) {
    if (material.secret === undefined) throw new Error(`Material ${material.id} has no secret`);
    secret = Buffer.from(material.secret, 'base64');
    secrets.set(material, secret);
  }
  return secret;
}

export function privateKeyOf(material: MaterialVersion): KeyObject {
  let key = privateKeys.get(material);
  if (!key) {
    if (material.privateKey === undefined) throw new Error(`Material ${material.id} has no private key`);
    key = createPrivateKey({ key: Buffer.from(material.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    privateKeys.set(material, key);
  }
  return key;
}

export function publicKeyOf(material: MaterialVersion): KeyObject {
  let key = publicKeys.get(material);
  if (!key) {
    if (material.publicKey === undefined) throw new Error(`Material ${material.id} has no public key`);
    key = createPublicKey({ key: Buffer.from(material.publicKey, 'base64'), format: 'der', type: 'spki' });
    publicKeys.set(material, key);
  }
  return key;
}

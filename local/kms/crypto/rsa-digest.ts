// RSA signatures over a caller-supplied digest (MessageType DIGEST): node:crypto only signs
// messages it hashes itself, so the encodings of RFC 8017 are built here and the raw RSA step
// runs natively (privateEncrypt / publicDecrypt without padding, or with PKCS#1 type 1 padding).
import {
  constants,
  createHash,
  type KeyObject,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
} from 'node:crypto';

/** DER DigestInfo prefixes (RFC 8017 section 9.2, note 1). */
const DIGEST_INFO: Readonly<Record<string, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

export function pkcs1SignDigest(privateKey: KeyObject, hash: string, digest: Buffer): Buffer {
  const prefix = DIGEST_INFO[hash] as Buffer;
  return privateEncrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.concat([prefix, digest]),
  );
}

export function pkcs1VerifyDigest(
  publicKey: KeyObject,
  hash: string,
  digest: Buffer,
  signature: Buffer,
): boolean {
  const expected = Buffer.concat([DIGEST_INFO[hash] as Buffer, digest]);
  try {
    return publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature).equals(
      expected,
    );
  } catch {
    return false;
  }
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * seed.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function modulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

/** PSS with MGF1 over the same hash and a salt as long as the digest (what KMS uses). */
export function pssSignDigest(privateKey: KeyObject, hash: string, digest: Buffer): Buffer {
  const emBits = modulusBits(privateKey) - 1;
  const emLength = Math.ceil(emBits / 8);
  const hLength = digest.length;
  const salt = randomBytes(hLength);
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLength - 2 * hLength - 2), Buffer.from([1]), salt]);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (mask[i] as number);
  db[0] = (db[0] as number) & (0xff >> (8 * emLength - emBits));
  const em = Buffer.concat([db, h, Buffer.from([0xbc])]);
  const k = Math.ceil(modulusBits(privateKey) / 8);
  const block = Buffer.concat([Buffer.alloc(k - em.length), em]);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
}

export function pssVerifyDigest(
  publicKey: KeyObject,
  hash: string,
  digest: Buffer,
  signature: Buffer,
): boolean {
  const bits = modulusBits(publicKey);
  const k = Math.ceil(bits / 8);
  if (signature.length !== k) return false;
  let block: Buffer;
  try {
    block = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = bits - 1;
  const emLength = Math.ceil(emBits / 8);
  const hLength = digest.length;
  if (block.length !== k || block.subarray(0, k - emLength).some((byte) => byte !== 0)) return false;
  const em = block.subarray(k - emLength);
  if (emLength < 2 * hLength + 2 || em[emLength - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLength - hLength - 1);
  const h = em.subarray(emLength - hLength - 1, emLength - 1);
  const topBits = 0xff >> (8 * emLength - emBits);
  if (((maskedDb[0] as number) & ~topBits) !== 0) return false;
  const mask = mgf1(hash, h, maskedDb.length);
  const db = Buffer.from(maskedDb.map((byte, i) => byte ^ (mask[i] as number)));
  db[0] = (db[0] as number) & topBits;
  const separator = emLength - 2 * hLength - 2;
  if (db.subarray(0, separator).some((byte) => byte !== 0) || db[separator] !== 1) return false;
  const salt = db.subarray(separator + 1);
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return expected.equals(h);
}

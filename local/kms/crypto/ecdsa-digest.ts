// ECDSA over a caller-supplied digest (Sign/Verify with MessageType DIGEST). node:crypto always
// hashes the message itself, so the curve arithmetic is done here: the one scalar multiplication
// needed runs natively through ECDH (k*G), the rest is arithmetic modulo the group order.
// Verify uses that the emulator holds the private key d: u1*G + u2*Q = (u1 + u2*d)*G.
import { createECDH, type KeyObject, randomBytes } from 'node:crypto';
import { decodeDerSignature, encodeDerSignature } from './der-signature.js';

interface Curve {
  ecdh: string;
  /** Group order. */
  n: bigint;
  /** Bytes of a field element / private scalar. */
  bytes: number;
}

const CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: {
    ecdh: 'prime256v1',
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    bytes: 32,
  },
  secp384r1: {
    ecdh: 'secp384r1',
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    bytes: 48,
  },
  secp521r1: {
    ecdh: 'secp521r1',
    n: BigInt(
      `0x01ff${'ffffffff'.repeat(7)}fffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409`,
    ),
    bytes: 66,
  },
  secp256k1: {
    ecdh: 'secp256k1',
    n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    bytes: 32,
  },
};

const scalars = new WeakMap<KeyObject, { curve: Curve; d: bigint }>();

function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Modular inverse by the extended Euclidean algorithm (m prime, a not 0 mod m). */
function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

function curveAndScalar(privateKey: KeyObject): { curve: Curve; d: bigint } {
  let cached = scalars.get(privateKey);
  if (!cached) {
    const name = privateKey.asymmetricKeyDetails?.namedCurve ?? '';
    const curve = CURVES[name];
    if (!curve) throw new Error(`Unsupported curve ${name}`);
    const jwk = privateKey.export({ format: 'jwk' });
    cached = { curve, d: toBigInt(Buffer.from(jwk.d ?? '', 'base64url')) };
    scalars.set(privateKey, cached);
  }
  return cached;
}

/** The x coordinate of k*G, or undefined for the point at infinity. */
function baseMultiplyX(curve: Curve, k: bigint): bigint | undefined {
  if (k === 0n) return undefined;
  const ecdh = createECDH(curve.ecdh);
  ecdh.setPrivateKey(toBytes(k, curve.bytes));
  const point = ecdh.getPublicKey();
  return toBigInt(point.subarray(1, 1 + curve.bytes));
}

/** The digest as an integer, truncated to the order's bit length (SEC 1, 4.1.3 step 5). */
function digestInteger(curve: Curve, digest: Buffer): bigint {
  const orderBits = curve.n.toString(2).length;
  const e = toBigInt(digest);
  const excess = digest.length * 8 - orderBits;
  return excess > 0 ? e >> BigInt(excess) : e;
}

export function ecdsaSignDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const { curve, d } = curveAndScalar(privateKey);
  const e = digestInteger(curve, digest);
  for (;;) {
    const k = mod(toBigInt(randomBytes(curve.bytes + 16)), curve.n - 1n) + 1n;
    const x = baseMultiplyX(curve, k);
    if (x === undefined) continue;
    const r = mod(x, curve.n);
    if (r === 0n) continue;
    const s = mod(invert(k, curve.n) * (e + r * d), curve.n);
    if (s === 0n) continue;
    return encodeDerSignature(r, s);
  }
}

export function ecdsaVerifyDigest(privateKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const { curve, d } = curveAndScalar(privateKey);
  const decoded = decodeDerSignature(signature);
  if (!decoded) return false;
  const { r, s } = decoded;
  if (r <= 0n || r >= curve.n || s <= 0n || s >= curve.n) return false;
  const w = invert(s, curve.n);
  const u1 = mod(digestInteger(curve, digest) * w, curve.n);
  const u2 = mod(r * w, curve.n);
  const x = baseMultiplyX(curve, mod(u1 + u2 * d, curve.n));
  return x !== undefined && mod(x, curve.n) === r;
}

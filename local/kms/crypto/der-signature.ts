// DER encoding of an ECDSA signature, SEQUENCE { INTEGER r, INTEGER s }: the form KMS returns.

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  return length < 0x100 ? Buffer.from([0x81, length]) : Buffer.from([0x82, length >> 8, length & 0xff]);
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  // A set high bit would read as negative: prefix a zero byte.
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

export function encodeDerSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** Strictly parses the DER form; undefined for anything else. */
export function decodeDerSignature(der: Buffer): { r: bigint; s: bigint } | undefined {
  let offset = 0;
  const readLength = (): number | undefined => {
    const first = der[offset++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count === 0 || count > 2) return undefined;
    let length = 0;
    for (let i = 0; i < count; i++) {
      const byte = der[offset++];
      if (byte === undefined) return undefined;
      length = (length << 8) | byte;
    }
    return length;
  };
  const readInteger = (): bigint | undefined => {
    if (der[offset++] !== 0x02) return undefined;
    const length = readLength();
    if (length === undefined || length === 0 || offset + length > der.length) return undefined;
    const bytes = der.subarray(offset, offset + length);
    offset += length;
    if ((bytes[0] as number) & 0x80) return undefined;
    return BigInt(`0x${bytes.toString('hex')}`);
  };
  if (der[offset++] !== 0x30) return undefined;
  const total = readLength();
  if (total === undefined || offset + total !== der.length) return undefined;
  const r = readInteger();
  const s = readInteger();
  if (r === undefined || s === undefined || offset !== der.length) return undefined;
  return { r, s };
}

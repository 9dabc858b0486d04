// AuditDigestSigner: signs digests with the control plane's own asymmetric KMS key, and checks signatures.
import type { DigestSignature } from '../audit/audit-digest.js';

export interface AuditDigestSigner {
  /**
   * Signs `message` with the digest key of `region` (the writer Region), creating the key and its alias on
   * first use.
   */
  signDigest(region: string, message: string): Promise<DigestSignature>;

  /**
   * True only when `signature` was made over `message` by the digest key of `region` as its alias names it
   * now. A missing key, another key or a bad signature is false, never an error.
   */
  verifyDigest(region: string, message: string, signature: DigestSignature): Promise<boolean>;
}

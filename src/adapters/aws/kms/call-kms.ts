// The one funnel every KMS call goes through: pick the Region's client, send, map any error.
import type { KMSClient } from '@aws-sdk/client-kms';
import type { KmsClientPool } from './kms-client-pool.js';
import { mapKmsError } from './map-kms-error.js';

export type KmsSend = <T>(
  region: string,
  operation: string,
  keyId: string | undefined,
  send: (client: KMSClient) => Promise<T>,
) => Promise<T>;

export async function callKms<T>(
  pool: KmsClientPool,
  region: string,
  operation: string,
  keyId: string | undefined,
  send: (client: KMSClient) => Promise<T>,
): Promise<T> {
  try {
    return await send(pool.client(region));
  } catch (error) {
    throw mapKmsError(error, { operation, region, keyId });
  }
}

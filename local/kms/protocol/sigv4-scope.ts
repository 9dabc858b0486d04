// Who is calling and in which Region: with an endpoint override the Host carries no Region, so it
// comes from the SigV4 credential scope (KMS-MRK-SPEC section 11); the account from a 12-digit access key id.
import { errors } from './errors.js';

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/;
const REGION = /^([a-z]+-){2,3}\d+$/;

export interface Caller {
  region: string;
  account: string;
  accessKeyId: string;
}

export function callerOf(authorization: string | undefined, defaults: { account: string }): Caller {
  if (!authorization) throw errors.missingAuthentication();
  const match = CREDENTIAL.exec(authorization);
  if (!match) throw errors.incompleteSignature();
  const [, accessKeyId, region] = match as unknown as [string, string, string];
  if (!REGION.test(region)) throw errors.unrecognizedRegion(region);
  return { region, account: /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaults.account, accessKeyId };
}

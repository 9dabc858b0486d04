// Key ids, key ARNs and alias ARNs (KMS-MRK-SPEC section 1). Members of a set differ only in Region.

export const MRK_ID = /^mrk-[0-9a-f]{32}$/;
export const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

export function isKeyId(value: string): boolean {
  return MRK_ID.test(value) || UUID_ID.test(value);
}

export function keyArn(partition: string, region: string, account: string, keyId: string): string {
  return `arn:${partition}:kms:${region}:${account}:key/${keyId}`;
}

export function aliasArn(partition: string, region: string, account: string, aliasName: string): string {
  return `arn:${partition}:kms:${region}:${account}:${aliasName}`;
}

export interface ParsedArn {
  partition: string;
  region: string;
  account: string;
  resourceType: 'key' | 'alias';
  resource: string;
}

export function parseArn(value: string): ParsedArn | undefined {
  const match = ARN.exec(value);
  if (!match) return undefined;
  const [, partition, region, account, resourceType, resource] = match as unknown as [
    string,
    string,
    string,
    string,
    'key' | 'alias',
    string,
  ];
  return { partition, region, account, resourceType, resource };
}

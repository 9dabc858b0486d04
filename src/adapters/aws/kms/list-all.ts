// The paginated KMS listings, read to the last page (Marker / NextMarker / Truncated).
import { ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import type { Tags } from '../../../core/model/tags.js';
import type { AliasEntry } from '../../../core/ports/key-service.js';
import type { KmsSend } from './call-kms.js';

export async function listAllResourceTags(send: KmsSend, region: string, keyId: string): Promise<Tags> {
  // Null prototype: a tag key named `__proto__` (KMS allows it) is an entry, not the record's prototype.
  const tags: Record<string, string> = Object.create(null);
  let marker: string | undefined;
  do {
    const output = await send(region, 'ListResourceTags', keyId, (client) =>
      client.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker })),
    );
    for (const tag of output.Tags ?? []) if (tag.TagKey !== undefined) tags[tag.TagKey] = tag.TagValue ?? '';
    marker = output.Truncated ? output.NextMarker : undefined;
  } while (marker !== undefined);
  return tags;
}

export async function listAllAliases(send: KmsSend, region: string, keyId?: string): Promise<AliasEntry[]> {
  const aliases: AliasEntry[] = [];
  let marker: string | undefined;
  do {
    const output = await send(region, 'ListAliases', keyId, (client) =>
      client.send(new ListAliasesCommand({ KeyId: keyId, Marker: marker, Limit: 100 })),
    );
    for (const alias of output.Aliases ?? []) {
      if (alias.AliasName !== undefined)
        aliases.push({ aliasName: alias.AliasName, targetKeyId: alias.TargetKeyId });
    }
    marker = output.Truncated ? output.NextMarker : undefined;
  } while (marker !== undefined);
  return aliases;
}

export async function listAllKeys(send: KmsSend, region: string): Promise<{ keyId: string; arn: string }[]> {
  const keys: { keyId: string; arn: string }[] = [];
  let marker: string | undefined;
  do {
    const output = await send(region, 'ListKeys', undefined, (client) =>
      client.send(new ListKeysCommand({ Marker: marker, Limit: 1000 })),
    );
    for (const key of output.Keys ?? []) keys.push({ keyId: key.KeyId ?? '', arn: key.KeyArn ?? '' });
    marker = output.Truncated ? output.NextMarker : undefined;
  } while (marker !== undefined);
  return keys;
}

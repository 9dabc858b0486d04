// Tag rules shared by CreateKey, ReplicateKey and TagResource (KMS-MRK-SPEC section 10.2).
import { errors } from '../protocol/errors.js';

export interface TagInput {
  TagKey: string;
  TagValue: string;
}

export const MAX_TAGS = 50;

/** Checks a request's tags and returns them as a map; `existing` counts toward the 50-tag limit. */
export function checkTags(
  tags: readonly TagInput[],
  existing: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const keys = tags.map((tag) => tag.TagKey);
  if (new Set(keys).size !== keys.length) throw errors.tag('Duplicate tag keys');
  if (keys.some((key) => key.toLowerCase().startsWith('aws:')))
    throw errors.tag('Tags beginning with aws: are reserved');
  const merged = { ...existing, ...Object.fromEntries(tags.map((tag) => [tag.TagKey, tag.TagValue])) };
  if (Object.keys(merged).length > MAX_TAGS) throw errors.tag('Too many tags');
  return merged;
}

export function tagList(tags: Readonly<Record<string, string>>): TagInput[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ TagKey: key, TagValue: tags[key] as string }));
}

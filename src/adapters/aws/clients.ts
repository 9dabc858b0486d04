// SDK clients for the composition roots in src/app, so only this folder imports @aws-sdk/*.
// Each is created once per container by its caller; endpoints are overrides for the local stand-ins.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientSettings {
  readonly region: string;
  readonly endpoint?: string | undefined;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  /** Called with the new SDK client, e.g. the Powertools tracer's captureAWSv3Client. */
  readonly instrument?: ((client: object) => unknown) | undefined;
}

function base(settings: ClientSettings) {
  return {
    region: settings.region,
    ...(settings.endpoint !== undefined && { endpoint: settings.endpoint }),
    ...(settings.credentials !== undefined && { credentials: settings.credentials }),
  };
}

/** A DynamoDB document client that drops undefined members (what every repository expects). */
export function createDocumentClient(settings: ClientSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient(base(settings));
  settings.instrument?.(client);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createSfnClient(settings: ClientSettings): SFNClient {
  const client = new SFNClient(base(settings));
  settings.instrument?.(client);
  return client;
}

// The lines `npm start` prints to point AWS clients at the local KMS. They must work as printed with the
// AWS CLI v1 and boto3 (which read AWS_DEFAULT_REGION, not AWS_REGION), the AWS SDK for JavaScript v3
// (AWS_REGION), and clients too old for AWS_ENDPOINT_URL_KMS (AWS CLI v2 before 2.13, e.g. Debian's 2.9),
// which need --endpoint-url on each call. test/e2e/start/aws-settings.test.ts runs them with `aws` and boto3.

/** The Region the printed settings name; every Region works against the emulator. */
export const PRINTED_REGION = 'us-east-1';

export function awsSettingsLines(kmsEndpoint: string): string[] {
  return [
    'AWS CLI / SDK against the local KMS (any Region works; the credentials are not checked):',
    `  export AWS_ENDPOINT_URL_KMS=${kmsEndpoint} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${PRINTED_REGION} AWS_DEFAULT_REGION=${PRINTED_REGION}`,
    '  aws kms list-keys    # AWS CLI v1 >= 1.29, v2 >= 2.13, boto3 >= 1.28, AWS SDK for JavaScript v3',
    `  aws --endpoint-url ${kmsEndpoint} kms list-keys    # older clients (Debian's AWS CLI 2.9 ignores AWS_ENDPOINT_URL_KMS)`,
  ];
}

// KMS errors as data: one class, one small constructor per AWS error family, sent as
// {"__type", "message"} with HTTP 400 (server faults 500/503), as real KMS answers (KMS-MRK-SPEC section 11).

export class KmsError extends Error {
  constructor(
    readonly type: string,
    message?: string,
    readonly status = 400,
  ) {
    super(message ?? '');
    this.hasMessage = message !== undefined;
  }
  readonly hasMessage: boolean;

  body(): { __type: string; message?: string } {
    return this.hasMessage ? { __type: this.type, message: this.message } : { __type: this.type };
  }
}

export const errors = {
  validation: (message: string) => new KmsError('ValidationException', message),
  serialization: (message: string) => new KmsError('SerializationException', message),
  unknownOperation: () => new KmsError('UnknownOperationException'),
  missingAuthentication: () =>
    new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  incompleteSignature: () =>
    new KmsError(
      'IncompleteSignatureException',
      'Authorization header requires a Credential parameter of the form <access key>/<date>/<region>/kms/aws4_request.',
    ),
  unrecognizedClient: () =>
    new KmsError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  accessDenied: (message: string) => new KmsError('AccessDeniedException', message),
  unrecognizedRegion: (region: string) =>
    new KmsError('UnrecognizedClientException', `The Region '${region}' is not valid.`),
  notFound: (message: string) => new KmsError('NotFoundException', message),
  alreadyExists: (message: string) => new KmsError('AlreadyExistsException', message),
  disabled: (message: string) => new KmsError('DisabledException', message),
  invalidState: (message: string) => new KmsError('KMSInvalidStateException', message),
  unsupported: (message?: string) => new KmsError('UnsupportedOperationException', message),
  invalidKeyUsage: (message: string) => new KmsError('InvalidKeyUsageException', message),
  invalidCiphertext: () => new KmsError('InvalidCiphertextException'),
  incorrectKey: () =>
    new KmsError(
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    ),
  invalidSignature: () => new KmsError('KMSInvalidSignatureException'),
  invalidMac: () => new KmsError('KMSInvalidMacException'),
  invalidMarker: () => new KmsError('InvalidMarkerException', 'Invalid marker'),
  invalidArn: (message: string) => new KmsError('InvalidArnException', message),
  invalidAliasName: (message: string) => new KmsError('InvalidAliasNameException', message),
  invalidGrantId: (message: string) => new KmsError('InvalidGrantIdException', message),
  invalidGrantToken: (message: string) => new KmsError('InvalidGrantTokenException', message),
  limitExceeded: (message: string) => new KmsError('LimitExceededException', message),
  tag: (message: string) => new KmsError('TagException', message),
  malformedPolicy: (message?: string) => new KmsError('MalformedPolicyDocumentException', message),
  dryRun: () =>
    new KmsError(
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
    ),
  incorrectKeyMaterial: (message: string) => new KmsError('IncorrectKeyMaterialException', message),
  expiredImportToken: (message: string) => new KmsError('ExpiredImportTokenException', message),
  invalidImportToken: (message: string) => new KmsError('InvalidImportTokenException', message),
  conflict: (message: string) => new KmsError('ConflictException', message),
  throttling: () =>
    new KmsError(
      'ThrottlingException',
      'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.',
    ),
  internal: (message = 'An internal error occurred.') => new KmsError('KMSInternalException', message, 500),
  dependencyTimeout: (message = 'The system timed out while trying to fulfill the request.') =>
    new KmsError('DependencyTimeoutException', message, 503),
  // UNCONFIRMED: AWS's answer to alias/aws/... names; moto's NotAuthorizedException is the spec's suggestion.
  notAuthorized: () => new KmsError('NotAuthorizedException'),
  customKeyStoreNotFound: (message: string) => new KmsError('CustomKeyStoreNotFoundException', message),
  requestTooLarge: () => new KmsError('RequestEntityTooLargeException', 'Request body is too large', 413),
} as const;

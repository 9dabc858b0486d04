// mapKmsError: every AWS error family lands on the right domain error, transient ones by a stable name.
import { KMSServiceException } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { mapKmsError } from '../../../../src/adapters/aws/kms/map-kms-error.js';
import {
  ConflictError,
  DependencyError,
  NotFoundError,
  ThrottledError,
  ValidationError,
} from '../../../../src/core/errors.js';

const context = { operation: 'ReplicateKey', region: 'us-east-1', keyId: 'mrk-1' };

function sdkError(name: string, message = `${name} happened`, status = 400): KMSServiceException {
  return new KMSServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:4599`), { code });
}

describe('mapKmsError', () => {
  it.each([
    ['ThrottlingException', 'KmsThrottled', ThrottledError],
    ['KMSInternalException', 'KmsUnavailable', DependencyError],
    ['DependencyTimeoutException', 'KmsUnavailable', DependencyError],
    ['KeyUnavailableException', 'KmsUnavailable', DependencyError],
    ['NotFoundException', 'NotFoundError', NotFoundError],
    ['AlreadyExistsException', 'ConflictError', ConflictError],
    ['KMSInvalidStateException', 'ConflictError', ConflictError],
    ['DisabledException', 'ConflictError', ConflictError],
    ['UnsupportedOperationException', 'ConflictError', ConflictError],
    ['ValidationException', 'ValidationError', ValidationError],
    ['MalformedPolicyDocumentException', 'ValidationError', ValidationError],
    ['TagException', 'ValidationError', ValidationError],
    ['AccessDeniedException', 'DependencyError', DependencyError],
  ])('%s becomes %s', (awsName, domainName, type) => {
    const original = sdkError(awsName);
    const mapped = mapKmsError(original, context);
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.name).toBe(domainName);
    expect(mapped.cause).toBe(original);
    expect(mapped.details).toMatchObject({
      awsError: awsName,
      operation: 'ReplicateKey',
      region: 'us-east-1',
    });
    expect(mapped.message).toContain(`${awsName} happened`);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])('the network error %s is KmsUnavailable', (code) => {
    expect(mapKmsError(networkError(code), context).name).toBe('KmsUnavailable');
  });

  it('a wrapped socket error and an SDK timeout are KmsUnavailable', () => {
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: networkError('ECONNRESET') });
    expect(mapKmsError(wrapped, context).name).toBe('KmsUnavailable');
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(mapKmsError(timeout, context).name).toBe('KmsUnavailable');
  });

  it('an unnamed 5xx is KmsUnavailable, an unknown 4xx a plain DependencyError', () => {
    expect(mapKmsError(sdkError('Weird', 'x', 503), context).name).toBe('KmsUnavailable');
    expect(mapKmsError(sdkError('Weird', 'x', 400), context).name).toBe('DependencyError');
  });

  it('keeps transient errors in the domain family with their HTTP meaning', () => {
    const throttled = mapKmsError(sdkError('ThrottlingException'), context);
    expect(throttled).toMatchObject({ code: 'Throttled', status: 429 });
    const unavailable = mapKmsError(sdkError('KMSInternalException', 'x', 500), context);
    expect(unavailable).toMatchObject({ code: 'DependencyError', status: 503 });
  });
});

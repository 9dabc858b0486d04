import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterEach(async () => {
  await kms.admin('/_emulator/faults', { method: 'DELETE' });
});
afterAll(() => kms.close());

const addFault = (body: unknown) => kms.admin('/_emulator/faults', { method: 'POST', body });

describe('fault injection (/_emulator/faults)', () => {
  describe('validation', () => {
    it.each([
      [{ error: 'Boom' }, /error must be one of/],
      [{ error: 'ThrottlingException', rate: 2 }, /rate must be a number from 0 to 1/],
      [{ error: 'ThrottlingException', count: 0 }, /count must be a positive integer/],
      [{ error: 'ThrottlingException', rate: 0.5, count: 1 }, /rate or count, not both/],
      [{ error: 'ThrottlingException', operations: ['Explode'] }, /Unknown operation\(s\): Explode/],
      [{ error: 'ThrottlingException', region: 'Mars' }, /region must be a Region name/],
      [{ latencyMs: -1 }, /latencyMs must be a number/],
      [{}, /Give an error, a latencyMs, or both/],
      [{ error: 'ThrottlingException', colour: 'red' }, /Unknown field\(s\): colour/],
      [[1, 2], /Body must be a JSON object/],
    ])('rejects %j with a clear 400', async (body, message) => {
      const { status, body: answer } = await addFault(body);
      expect(status).toBe(400);
      expect((answer as { error: string }).error).toMatch(message);
      expect(((await kms.admin('/_emulator/faults')).body as { faults: unknown[] }).faults).toEqual([]);
    });
  });

  describe('behaviour', () => {
    it.each([
      ['ThrottlingException', 400, 'ThrottlingException'],
      ['KMSInternalException', 500, 'KMSInternalException'],
      ['DependencyTimeoutException', 503, 'DependencyTimeoutException'],
    ])('%s for a count of calls, in one Region and operation only', async (error, status, name) => {
      const east = kms.client('us-east-1');
      expect(
        (await addFault({ region: 'us-east-1', operations: ['CreateKey'], error, count: 2 })).status,
      ).toBe(200);
      for (let i = 0; i < 2; i += 1) {
        await expect(east.send(new CreateKeyCommand({}))).rejects.toMatchObject({
          name,
          $metadata: { httpStatusCode: status },
        });
      }
      await east.send(new ListKeysCommand({}));
      await kms.client('eu-west-1').send(new CreateKeyCommand({}));
      const { KeyMetadata } = await east.send(new CreateKeyCommand({}));
      expect(KeyMetadata?.KeyState).toBe('Enabled');
      const { faults } = (await kms.admin('/_emulator/faults')).body as {
        faults: { hits: number; remaining: number }[];
      };
      expect(faults[0]).toMatchObject({ hits: 2, remaining: 0 });
    });

    it('a whole-Region outage answers 503 ServiceUnavailableException for every operation there', async () => {
      const west = kms.client('eu-west-1');
      const { KeyMetadata } = await west.send(new CreateKeyCommand({}));
      await addFault({ region: 'eu-west-1', error: 'unavailable' });
      for (const command of [
        new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }),
        new ListKeysCommand({}),
      ]) {
        await expect(west.send(command as never)).rejects.toMatchObject({
          name: 'ServiceUnavailableException',
          $metadata: { httpStatusCode: 503 },
        });
      }
      await kms.client('us-east-1').send(new ListKeysCommand({}));
      await kms.admin('/_emulator/faults', { method: 'DELETE' });
      expect(
        (await west.send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }))).KeyMetadata?.KeyState,
      ).toBe('Enabled');
    });

    it('rate 1 fails every call, rate 0 none; a failed call changes nothing', async () => {
      const east = kms.client('ap-south-1');
      const before = (await east.send(new ListKeysCommand({}))).Keys?.length;
      const { body } = await addFault({ operations: ['CreateKey'], error: 'KMSInternalException', rate: 1 });
      await expect(east.send(new CreateKeyCommand({}))).rejects.toMatchObject({
        name: 'KMSInternalException',
      });
      expect((await east.send(new ListKeysCommand({}))).Keys?.length).toBe(before);
      const { id } = (body as { fault: { id: string } }).fault;
      expect((await kms.admin(`/_emulator/faults?id=${id}`, { method: 'DELETE' })).body).toEqual({
        removed: 1,
      });
      await addFault({ operations: ['CreateKey'], error: 'KMSInternalException', rate: 0 });
      await east.send(new CreateKeyCommand({}));
    });

    it('adds latency alone, with no error', async () => {
      const east = kms.client('us-east-1');
      const { KeyMetadata } = await east.send(new CreateKeyCommand({}));
      const waited: number[] = [];
      const realSleep = kms.emulator.faults.sleep;
      kms.emulator.faults.sleep = async (ms) => waited.push(ms);
      try {
        await addFault({ operations: ['Encrypt'], latencyMs: 100 });
        const encrypted = await east.send(
          new EncryptCommand({ KeyId: KeyMetadata?.KeyId, Plaintext: Buffer.from('x') }),
        );
        expect(encrypted.CiphertextBlob?.length).toBeGreaterThan(0);
        await east.send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }));
        expect(waited).toEqual([100]);
      } finally {
        kms.emulator.faults.sleep = realSleep;
      }
      const { faults } = (await kms.admin('/_emulator/faults')).body as { faults: { hits: number }[] };
      expect(faults[0]?.hits).toBe(1);
    });
  });
});

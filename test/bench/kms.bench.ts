// `npm run bench:kms`: KMS emulator throughput beside a minimal Node server doing the same JSON and
// AES-GCM work, plus memory and DescribeKey scaling at 10,000 keys. Each server runs in its own child
// process (this file forked with --serve) so the load generator never shares a thread with it.
import '../../local/polyfills.js';
import { fork } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const IN_FLIGHT = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_SECONDS = 0.5;
const ROUNDS = 6;
const TOTAL_KEYS = 10_000;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

type Server = 'emulator' | 'baseline';

// ---------------------------------------------------------------- child side: the servers

async function serve(kind: Server): Promise<void> {
  const server = kind === 'emulator' ? await emulatorServer() : baselineServer();
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (message: { cmd?: string }) => {
    if (message.cmd === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ memory: process.memoryUsage() });
    }
    if (message.cmd === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message.cmd === 'exit') server.close(() => process.exit(0));
  });
}

async function emulatorServer() {
  const { createKmsEmulator } = await import('../../local/kms/index.js');
  return createKmsEmulator({ creatingMs: 0, updatingMs: 0 });
}

/** The floor to compare with: parse the same JSON, do the same AES-256-GCM work, answer JSON. */
function baselineServer() {
  const secret = randomBytes(32);
  const keys = new Map<string, Record<string, unknown>>();
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
      const target = String(req.headers['x-amz-target']).slice('TrentService.'.length);
      let out: Record<string, unknown>;
      if (target === 'CreateKey') {
        // The same KeyMetadata members the emulator answers with, so DescribeKey serialises as much JSON.
        const keyId = randomUUID();
        const metadata = {
          AWSAccountId: '111122223333',
          KeyId: keyId,
          Arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
          CreationDate: Date.now() / 1000,
          Enabled: true,
          Description: '',
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeyState: 'Enabled',
          Origin: 'AWS_KMS',
          KeyManager: 'CUSTOMER',
          CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          MultiRegion: false,
          CurrentKeyMaterialId: randomBytes(32).toString('hex'),
        };
        keys.set(keyId, metadata);
        out = { KeyMetadata: metadata };
      } else if (target === 'DescribeKey') {
        out = { KeyMetadata: keys.get(body.KeyId as string) };
      } else if (target === 'Encrypt') {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', secret, iv);
        const sealed = Buffer.concat([
          cipher.update(Buffer.from(body.Plaintext as string, 'base64')),
          cipher.final(),
        ]);
        const blob = Buffer.concat([iv, cipher.getAuthTag(), sealed]);
        out = {
          CiphertextBlob: blob.toString('base64'),
          KeyId: body.KeyId,
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      } else {
        const blob = Buffer.from(body.CiphertextBlob as string, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', secret, blob.subarray(0, 12));
        decipher.setAuthTag(blob.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
        out = { Plaintext: plain.toString('base64'), KeyId: 'key', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      }
      const text = JSON.stringify(out);
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
}

// ---------------------------------------------------------------- parent side: load and report

interface Child {
  port: number;
  memory(): Promise<NodeJS.MemoryUsage>;
  /** The child's CPU time (user + system) so far, in microseconds. */
  cpu(): Promise<number>;
  stop(): void;
}

function start(kind: Server): Promise<Child> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], {
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: { port: number }) => {
      resolve({
        port: message.port,
        memory: () =>
          new Promise((done) => {
            child.once('message', (reply: { memory: NodeJS.MemoryUsage }) => done(reply.memory));
            child.send({ cmd: 'memory' });
          }),
        cpu: () =>
          new Promise((done) => {
            child.once('message', (reply: { cpu: NodeJS.CpuUsage }) =>
              done(reply.cpu.user + reply.cpu.system),
            );
            child.send({ cmd: 'cpu' });
          }),
        stop: () => child.send({ cmd: 'exit' }),
      });
    });
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

interface Call {
  target: string;
  region: string;
  body: string;
}

/** One raw JSON 1.1 request with a SigV4-shaped credential scope: the same client for both servers. */
function call(port: number, { target, region, body }: Call): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `TrentService.${target}`,
          authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/${region}/kms/aws4_request, SignedHeaders=host, Signature=0`,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`${target}: HTTP ${res.statusCode} ${text}`));
          else resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests completed in `seconds` with IN_FLIGHT requests outstanding, cycling through `calls`. */
async function load(
  port: number,
  calls: readonly Call[],
  seconds: number,
): Promise<{ done: number; seconds: number }> {
  let next = 0;
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < deadline) {
        await call(port, calls[next++ % calls.length] as Call);
        done += 1;
      }
    }),
  );
  return { done, seconds: (performance.now() - started) / 1000 };
}

/** Requests per second after a warm-up. */
async function throughput(port: number, calls: readonly Call[], seconds = SECONDS): Promise<number> {
  await load(port, calls, WARMUP_SECONDS);
  const { done, seconds: elapsed } = await load(port, calls, seconds);
  return done / elapsed;
}

/**
 * Both servers under the same load, alternating in short rounds so a noisy machine (other jobs on
 * the same cores) hits both alike; returns requests per second of each over all rounds.
 */
async function sideBySide(a: { child: Child; calls: Call[] }, b: { child: Child; calls: Call[] }) {
  await load(a.child.port, a.calls, WARMUP_SECONDS);
  await load(b.child.port, b.calls, WARMUP_SECONDS);
  const totals = { a: { done: 0, seconds: 0, cpu: 0 }, b: { done: 0, seconds: 0, cpu: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, server] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const cpuBefore = await server.child.cpu();
      const result = await load(server.child.port, server.calls, SECONDS / ROUNDS);
      totals[side].cpu += (await server.child.cpu()) - cpuBefore;
      totals[side].done += result.done;
      totals[side].seconds += result.seconds;
    }
  }
  const rate = (side: 'a' | 'b') => totals[side].done / totals[side].seconds;
  const cpuPerRequest = (side: 'a' | 'b') => totals[side].cpu / totals[side].done;
  return { a: rate('a'), b: rate('b'), cpuA: cpuPerRequest('a'), cpuB: cpuPerRequest('b') };
}

/** Creates `count` keys round-robin over the Regions, 32 at a time; returns the DescribeKey calls for them. */
async function createKeys(port: number, count: number, offset = 0): Promise<Call[]> {
  const calls: Call[] = [];
  for (let i = 0; i < count; i += IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(IN_FLIGHT, count - i) }, (_, j) => {
      const region = REGIONS[(offset + i + j) % REGIONS.length] as string;
      const input = (offset + i + j) % 10 === 0 ? { MultiRegion: true } : {};
      return call(port, { target: 'CreateKey', region, body: JSON.stringify(input) }).then((out) => {
        const keyId = (out.KeyMetadata as { KeyId: string }).KeyId;
        calls.push({ target: 'DescribeKey', region, body: JSON.stringify({ KeyId: keyId }) });
      });
    });
    await Promise.all(batch);
  }
  return calls;
}

async function cryptoCalls(port: number): Promise<Record<string, Call[]>> {
  const created = await call(port, { target: 'CreateKey', region: 'us-east-1', body: '{}' });
  const keyId = (created.KeyMetadata as { KeyId: string }).KeyId;
  const plaintext = randomBytes(512).toString('base64');
  const encrypt: Call = {
    target: 'Encrypt',
    region: 'us-east-1',
    body: JSON.stringify({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { tenant: 'bench' } }),
  };
  const { CiphertextBlob } = await call(port, encrypt);
  const decrypt: Call = {
    target: 'Decrypt',
    region: 'us-east-1',
    body: JSON.stringify({ CiphertextBlob, EncryptionContext: { tenant: 'bench' } }),
  };
  const describe: Call = {
    target: 'DescribeKey',
    region: 'us-east-1',
    body: JSON.stringify({ KeyId: keyId }),
  };
  return { Encrypt: [encrypt], Decrypt: [decrypt], DescribeKey: [describe] };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const began = performance.now();
  const emulator = await start('emulator');
  const baseline = await start('baseline');
  try {
    console.log(
      `KMS emulator benchmark: ${IN_FLIGHT} requests in flight over keep-alive HTTP, ${SECONDS} s per figure\n`,
    );
    const emulatorCalls = await cryptoCalls(emulator.port);
    const baselineCalls = await cryptoCalls(baseline.port);
    console.log(
      'operation      emulator req/s   baseline req/s   ratio (target >= 0.6)   server CPU per request: emulator / baseline',
    );
    for (const operation of ['Encrypt', 'Decrypt', 'DescribeKey']) {
      const { a, b, cpuA, cpuB } = await sideBySide(
        { child: emulator, calls: emulatorCalls[operation] as Call[] },
        { child: baseline, calls: baselineCalls[operation] as Call[] },
      );
      console.log(
        `${operation.padEnd(14)} ${fmt(a)}         ${fmt(b)}         ${(a / b).toFixed(2)}                    ${cpuA.toFixed(0)} µs / ${cpuB.toFixed(0)} µs (ratio ${(cpuB / cpuA).toFixed(2)})`,
      );
    }

    const before = await emulator.memory();
    const first = await createKeys(emulator.port, 100);
    const at100 = await throughput(emulator.port, first);
    const rest = await createKeys(emulator.port, TOTAL_KEYS - 100, 100);
    const at10k = await throughput(emulator.port, [...first, ...rest]);
    const after = await emulator.memory();
    console.log(`\nDescribeKey over   100 keys: ${fmt(at100)} req/s`);
    console.log(
      `DescribeKey over ${TOTAL_KEYS.toLocaleString('en-US')} keys: ${fmt(at10k)} req/s   ratio ${(at10k / at100).toFixed(2)}`,
    );
    console.log(
      `\nEmulator memory with ${TOTAL_KEYS.toLocaleString('en-US')} keys in ${REGIONS.length} Regions: RSS ${mb(after.rss)} (limit 200 MB; ${mb(before.rss)} before the keys), heap used ${mb(after.heapUsed)}`,
    );
    console.log(`\nDone in ${((performance.now() - began) / 1000).toFixed(1)} s.`);
  } finally {
    emulator.stop();
    baseline.stop();
    agent.destroy();
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  await serve(process.argv[serveIndex + 1] as Server);
} else {
  await main();
}

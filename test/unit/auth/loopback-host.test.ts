// Which --host values keep POST /_local/token on this machine.
import { expect, it } from 'vitest';
import { isLoopbackHost } from '../../../local/auth/loopback.js';

it('tells loopback addresses from the rest', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'api.localhost', '::1', '[::1]'])
    expect(isLoopbackHost(host), host).toBe(true);
  for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', ''])
    expect(isLoopbackHost(host), host).toBe(false);
});

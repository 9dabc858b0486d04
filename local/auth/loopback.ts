// Whether an address to listen on is reachable only from this machine. `POST /_local/token` hands an
// admin token to anyone who can reach the API, which is fine on loopback and nowhere else.
import { isIP } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

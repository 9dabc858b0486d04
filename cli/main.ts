// The mrkctl process: real streams, environment and home folder around runCli; sets the exit code.
import { homedir } from 'node:os';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  homedir: homedir(),
  cwd: process.cwd(),
});

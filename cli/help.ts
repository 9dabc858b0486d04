// Usage texts: the whole tool, one group (`mrkctl keys --help`) and one command.
import type { Command } from './command.js';
import { GLOBAL_DETAILS } from './command.js';
import { ALL_COMMANDS } from './commands/all-commands.js';

export function toolUsage(): string {
  const width = Math.max(...ALL_COMMANDS.map((command) => command.name.length));
  return [
    'mrkctl: the command-line client of the mrk-control-plane REST API (multi-Region KMS keys).',
    '',
    'Usage: mrkctl <command> [arguments] [flags]',
    '',
    'Commands:',
    ...ALL_COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global flags:',
    ...GLOBAL_DETAILS.map((line) => `  ${line}`),
    '',
    'Getting started with the local stack:',
    '  npm start                 # in the project folder, in another terminal',
    '  mrkctl login --local --data-dir PROJECT/.mrk-local',
    '  mrkctl keys create --tenant payments --primary-region us-east-1 --replica eu-west-1 --alias alias/payments',
    '',
    'mrkctl on your PATH: run `npm link` once in the project folder. In that folder `npx mrkctl` works too',
    "(npx then runs the project's own copy; elsewhere it could fetch an unrelated package of that name).",
    'Shell completion: `mrkctl completion bash|zsh|fish`.',
    '',
    'Exit codes: 0 ok, 1 other failure, 2 usage, 3 not found, 4 conflict (409/412/422), 5 denied (401/403).',
    'Run `mrkctl <command> --help` for the flags of one command.',
    '',
  ].join('\n');
}

export function groupUsage(group: string): string {
  const commands = ALL_COMMANDS.filter((command) => command.name.startsWith(`${group} `));
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `Usage: mrkctl ${group} <command> [arguments] [flags]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `Run \`mrkctl ${group} <command> --help\` for the flags of one command.`,
    '',
  ].join('\n');
}

export function commandUsage(command: Command): string {
  return [
    `Usage: mrkctl ${command.name} ${command.synopsis}`.trimEnd(),
    '',
    `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`,
    '',
    'Flags:',
    ...command.details.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

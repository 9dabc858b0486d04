// mrkctl's dispatcher: finds the command, parses its flags with node:util parseArgs, runs it, and turns
// every failure into a message, a hint and a meaningful exit code. No process globals: see main.ts.
import { parseArgs } from 'node:util';
import { ApiClient, ApiError } from './api-client.js';
import { resolveConnection } from './cli-config.js';
import { type Command, type CommandContext, type FlagValue, GLOBAL_OPTIONS } from './command.js';
import { ALL_COMMANDS, GROUPS } from './commands/all-commands.js';
import { CliError, EXIT, UsageError } from './exit-codes.js';
import { commandUsage, groupUsage, toolUsage } from './help.js';
import type { CliIo } from './io.js';
import { didYouMean } from './suggest.js';

const VALUE_FLAGS = new Set(['--api', '--token', '--profile']);

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  try {
    return await dispatch(argv, io, json);
  } catch (error) {
    return reportError(error, io, json);
  }
}

async function dispatch(argv: readonly string[], io: CliIo, json: boolean): Promise<number> {
  const words = commandWords(argv);
  const help = argv.includes('--help') || argv.includes('-h');
  const [first, second] = words;
  if (first === undefined) {
    if (help) return printed(io, toolUsage());
    io.stderr.write(toolUsage());
    return EXIT.usage;
  }
  if (first === 'help')
    return printed(io, second && GROUPS.includes(second) ? groupUsage(second) : toolUsage());
  let command: Command | undefined;
  let consumed = 1;
  if (GROUPS.includes(first)) {
    if (second === undefined) {
      if (help) return printed(io, groupUsage(first));
      throw new UsageError(`mrkctl ${first} needs a command`, `Run \`mrkctl ${first} --help\` to see them.`);
    }
    command = ALL_COMMANDS.find((candidate) => candidate.name === `${first} ${second}`);
    consumed = 2;
    if (command === undefined) {
      const names = ALL_COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) =>
        c.name.slice(first.length + 1),
      );
      throw new UsageError(
        `Unknown command "${first} ${second}".${didYouMean(second, names)}`,
        `Run \`mrkctl ${first} --help\` to see the commands.`,
      );
    }
  } else {
    command = ALL_COMMANDS.find((candidate) => candidate.name === first);
    if (command === undefined)
      throw new UsageError(
        `Unknown command "${first}".${didYouMean(first, topLevelWords())}`,
        'Run `mrkctl --help` to see the commands.',
      );
  }
  if (help) return printed(io, commandUsage(command));
  const parsed = parseFlags(command, argv);
  const args = parsed.positionals.slice(consumed);
  const [min, max] = command.positionals;
  if (args.length < min || args.length > max) {
    throw new UsageError(
      args.length < min
        ? `Missing arguments: mrkctl ${command.name} ${command.synopsis}`
        : `Unexpected argument "${args[max]}"`,
      `Run \`mrkctl ${command.name} --help\`.`,
    );
  }
  return command.run(contextFor(io, parsed.values, args, json));
}

/** The non-flag words before any flag value, skipping the values of the global --api/--token. */
function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let index = 0; index < argv.length && words.length < 2; index++) {
    const token = argv[index]!;
    if (token === '--') break;
    if (token.startsWith('-')) {
      if (VALUE_FLAGS.has(token)) index++;
      continue;
    }
    if (words.length === 1 && !GROUPS.includes(words[0]!)) break;
    words.push(token);
  }
  return words;
}

function parseFlags(command: Command, argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs explains how to pass a positional that starts with '-'; the first sentence is the point.
    const message = (error as Error).message.replace(/^(Unknown option '[^']*')\..*$/s, '$1');
    const unknown = /^Unknown option '(-{1,2}[^'=]*)/.exec(message)?.[1];
    const flags = Object.keys({ ...GLOBAL_OPTIONS, ...command.options }).map((name) => `--${name}`);
    const suggestion = unknown === undefined ? '' : didYouMean(unknown, flags);
    throw new UsageError(
      suggestion === '' ? message : `${message.replace(/\.?$/, '.')}${suggestion}`,
      `Run \`mrkctl ${command.name} --help\` for its flags.`,
    );
  }
}

/** The words that may follow `mrkctl`: the groups and the single commands. */
function topLevelWords(): string[] {
  return [...new Set([...ALL_COMMANDS.map((command) => command.name.split(' ')[0]!), 'help'])];
}

function contextFor(
  io: CliIo,
  values: Record<string, FlagValue>,
  args: string[],
  json: boolean,
): CommandContext {
  let client: ApiClient | undefined;
  return {
    io,
    flags: values,
    args,
    json,
    async client() {
      if (client === undefined) {
        const connection = await resolveConnection(io, {
          api: typeof values.api === 'string' ? values.api : undefined,
          token: typeof values.token === 'string' ? values.token : undefined,
          profile: typeof values.profile === 'string' ? values.profile : undefined,
        });
        client = new ApiClient({ baseUrl: connection.api, token: connection.token });
      }
      return client;
    },
    print: (text) => {
      io.stdout.write(text);
    },
    printJson: (value) => {
      io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

function printed(io: CliIo, text: string): number {
  io.stdout.write(text);
  return EXIT.ok;
}

function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (!(error instanceof CliError)) {
    io.stderr.write(`mrkctl: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.other;
  }
  const api = error instanceof ApiError ? error : undefined;
  if (json) {
    const body = {
      error: api?.code ?? (error instanceof UsageError ? 'UsageError' : 'CliError'),
      message: error.message,
      exitCode: error.exitCode,
      ...(api && { status: api.status, requestId: api.requestId, details: api.details }),
      ...(error.hint && { hint: error.hint }),
    };
    io.stderr.write(`${JSON.stringify(body)}\n`);
    return error.exitCode;
  }
  let text = `mrkctl: ${api ? `${api.code} (${api.status}): ` : ''}${error.message}\n`;
  const problems = api?.details?.problems;
  if (Array.isArray(problems))
    for (const problem of problems)
      text += `  - ${typeof problem === 'string' ? problem : JSON.stringify(problem)}\n`;
  if (error.hint) text += `  ${error.hint}\n`;
  if (api?.requestId) text += `  (request id ${api.requestId})\n`;
  io.stderr.write(text);
  return error.exitCode;
}

// Shell completion made from the command table, run in the real shells (bash, zsh, fish: Debian packages
// bash, zsh and fish), and "did you mean" for mistyped commands, flags and shells.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS } from '../../../cli/command.js';
import { ALL_COMMANDS } from '../../../cli/commands/all-commands.js';
import { completionScript, SHELLS } from '../../../cli/completion.js';
import { runCli } from '../../../cli/run-cli.js';
import { closest, editDistance } from '../../../cli/suggest.js';
import { testIo } from './fake-api.js';

const dir = mkdtempSync(join(tmpdir(), 'mrkctl-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scriptFile(shell: (typeof SHELLS)[number]): string {
  const file = join(dir, `mrkctl.${shell}`);
  writeFileSync(file, completionScript(shell, ALL_COMMANDS));
  return file;
}

/** What bash offers for the words typed so far (the last one is being completed). */
function bash(...typed: string[]): string[] {
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _mrkctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return lines(
    execFileSync('bash', ['-c', script, 'bash', scriptFile('bash'), 'mrkctl', ...typed], {
      encoding: 'utf8',
    }),
  );
}

/** What zsh offers: the completion function with compadd/_describe recording their candidates. */
function zsh(...typed: string[]): string[] {
  const script = [
    'compdef() { :; }',
    // Like zsh's own, the stubs keep only the candidates that start with the word being completed.
    'offer() { local word; for word in "$@"; do [[ $word == "$PREFIX"* ]] && print -- $word; done; return 0; }',
    'compadd() { [[ $1 == -- ]] && shift; offer "$@"; }',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh syntax, not a template
    '_describe() { offer ${${(P)2}%%:*}; }',
    'source "$1"; shift',
    'words=(mrkctl "$@"); CURRENT=$#words; PREFIX=$words[CURRENT]',
    '_mrkctl',
  ].join('\n');
  return lines(
    execFileSync('zsh', ['-f', '-c', script, 'zsh', scriptFile('zsh'), ...typed], { encoding: 'utf8' }),
  );
}

/** What fish offers, from its own `complete -C`. */
function fish(...typed: string[]): string[] {
  const line = ['mrkctl', ...typed].join(' ');
  const output = execFileSync(
    'fish',
    ['--no-config', '-c', `source $argv[1]; complete -C "$argv[2]"`, scriptFile('fish'), line],
    {
      encoding: 'utf8',
    },
  );
  return lines(output).map((item) => item.split('\t')[0]!);
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('mrkctl completion', () => {
  const shells = { bash, zsh, fish };
  for (const [name, complete] of Object.entries(shells)) {
    it(`${name}: completes groups, commands, flags and shells from the command table`, () => {
      expect(complete('ke')).toEqual(['keys']);
      expect(complete('keys', 'cr')).toEqual(['create']);
      expect(complete('keys', 'cancel')).toEqual(['cancel-deletion']);
      expect(complete('ops', '')).toEqual(expect.arrayContaining(['get', 'watch']));
      expect(complete('keys', 'create', '--pri')).toEqual(['--primary-region']);
      expect(complete('keys', 'update', '--remove-')).toEqual(
        expect.arrayContaining(['--remove-alias', '--remove-tag']),
      );
      expect(complete('audit', '--ver')).toEqual(['--verify']);
      expect(complete('keys', 'list', '--prof')).toEqual(['--profile']);
      expect([...complete('completion', '')].sort()).toEqual(['bash', 'fish', 'zsh']);
    });
  }

  it('lists every command and every flag of the table in each script', () => {
    for (const shell of SHELLS) {
      const script = completionScript(shell, ALL_COMMANDS);
      for (const command of ALL_COMMANDS) {
        for (const word of command.name.split(' '))
          expect(script, `${shell}: ${command.name}`).toContain(word);
        for (const flag of Object.keys({ ...command.options, ...GLOBAL_OPTIONS }))
          expect(script, `${shell}: ${command.name} --${flag}`).toMatch(new RegExp(`(--|-l )${flag}\\b`));
      }
    }
  });

  it('prints a script for each shell, and suggests the shell meant', async () => {
    const io = testIo();
    expect(await runCli(['completion', 'bash'], io)).toBe(0);
    expect(io.out()).toContain('complete -o default -F _mrkctl mrkctl');
    const typo = testIo();
    expect(await runCli(['completion', 'bsh'], typo)).toBe(2);
    expect(typo.err()).toContain('Did you mean "bash"?');
  });
});

describe('did you mean', () => {
  it('measures edit distance with adjacent swaps as one edit', () => {
    expect(editDistance('keys', 'keys')).toBe(0);
    expect(editDistance('kyes', 'keys')).toBe(1);
    expect(editDistance('creat', 'create')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('zzzzzz', ['create', 'list'])).toBeUndefined();
  });

  it('suggests the command or flag meant', async () => {
    const cases: [string[], string][] = [
      [['kyes', 'list'], 'Unknown command "kyes". Did you mean "keys"?'],
      [['keys', 'craete'], 'Unknown command "keys craete". Did you mean "create"?'],
      [['keys', 'lsit'], 'Did you mean "list"?'],
      [['keys', 'create', '--tenat', 'x'], `Unknown option '--tenat'. Did you mean "--tenant"?`],
      [['keys', 'list', '--jsno'], 'Did you mean "--json"?'],
    ];
    for (const [args, expected] of cases) {
      const io = testIo();
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.err(), args.join(' ')).toContain(expected);
    }
    const far = testIo();
    await runCli(['frobnicate'], far);
    expect(far.err()).not.toContain('Did you mean');
  });
});

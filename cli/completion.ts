// Shell completion scripts for bash, zsh and fish, generated from mrkctl's own command table (so a new
// command or flag completes without anyone editing a script): the groups, their commands, each command's
// flags with the global ones, and the shells for `completion`.
import { type Command, GLOBAL_DETAILS, GLOBAL_OPTIONS } from './command.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Table {
  /** Words after `mrkctl`: groups and single commands. */
  readonly top: readonly { word: string; summary: string }[];
  /** Per group, its commands. */
  readonly groups: ReadonlyMap<string, readonly { word: string; summary: string }[]>;
  /** Per command name (`keys create`, `audit`), its flags (`--tenant`) with what --help says of them. */
  readonly flags: ReadonlyMap<string, readonly { flag: string; summary: string }[]>;
}

function tableOf(commands: readonly Command[]): Table {
  const top = new Map<string, string>();
  const groups = new Map<string, { word: string; summary: string }[]>();
  const flags = new Map<string, { flag: string; summary: string }[]>();
  for (const command of commands) {
    const [first, second] = command.name.split(' ') as [string, string | undefined];
    if (second === undefined) top.set(first, command.summary);
    else {
      if (!top.has(first)) top.set(first, `${first} commands`);
      groups.set(first, [...(groups.get(first) ?? []), { word: second, summary: command.summary }]);
    }
    const names = Object.keys({ ...command.options, ...GLOBAL_OPTIONS });
    const details = [...command.details, ...GLOBAL_DETAILS];
    flags.set(
      command.name,
      names.map((name) => ({ flag: `--${name}`, summary: summaryOf(name, details) })),
    );
  }
  return { top: [...top].map(([word, summary]) => ({ word, summary })), groups, flags };
}

/** The text after `--name ARG` in a --help line, e.g. "the owning tenant (...)". */
function summaryOf(name: string, details: readonly string[]): string {
  const line = details.find((text) => new RegExp(`(^|[ ,/]+)--${name}\\b`).test(text));
  return line === undefined ? '' : (line.split(/\s{2,}/)[1] ?? '').trim();
}

export function completionScript(shell: Shell, commands: readonly Command[]): string {
  const table = tableOf(commands);
  if (shell === 'bash') return bashScript(table);
  if (shell === 'zsh') return zshScript(table);
  return fishScript(table);
}

const words = (items: readonly { word: string }[]) => items.map((item) => item.word).join(' ');

function caseArms(table: Table, indent: string): string[] {
  return [...table.flags].map(
    ([name, flags]) => `${indent}'${name}') flags='${flags.map((item) => item.flag).join(' ')}' ;;`,
  );
}

function bashScript(table: Table): string {
  const groups = [...table.groups.keys()];
  return [
    '# mrkctl completion for bash. Load it with:',
    '#   source <(mrkctl completion bash)          # this shell',
    '#   mrkctl completion bash > ~/.local/share/bash-completion/completions/mrkctl   # every shell',
    '_mrkctl() {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    '  local cur="${COMP_WORDS[COMP_CWORD]}" first="${COMP_WORDS[1]}" command flags=""',
    '  if [[ $COMP_CWORD -eq 1 ]]; then',
    `    COMPREPLY=($(compgen -W '${words(table.top)} help' -- "$cur"))`,
    '    return',
    '  fi',
    '  case "$first" in',
    ...groups.map(
      (group) =>
        `    ${group}) if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W '${words(table.groups.get(group)!)}' -- "$cur")); return; fi; command="$first \${COMP_WORDS[2]}" ;;`,
    ),
    `    completion) if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W '${SHELLS.join(' ')}' -- "$cur")); return; fi; command="$first" ;;`,
    `    help) COMPREPLY=($(compgen -W '${groups.join(' ')}' -- "$cur")); return ;;`,
    '    *) command="$first" ;;',
    '  esac',
    '  case "$command" in',
    ...caseArms(table, '    '),
    '  esac',
    '  COMPREPLY=($(compgen -W "$flags" -- "$cur"))',
    '}',
    'complete -o default -F _mrkctl mrkctl',
    '',
  ].join('\n');
}

function zshScript(table: Table): string {
  const groups = [...table.groups.keys()];
  const quote = (text: string) => text.replace(/'/g, "'\\''").replace(/:/g, '\\:');
  const described = (items: readonly { word: string; summary: string }[]) =>
    items.map((item) => `'${item.word}:${quote(item.summary)}'`).join(' ');
  return [
    '#compdef mrkctl',
    '# mrkctl completion for zsh. Load it with:',
    '#   source <(mrkctl completion zsh)           # this shell (after compinit)',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    '#   mrkctl completion zsh > "${fpath[1]}/_mrkctl"   # every shell',
    '_mrkctl() {',
    '  local -a candidates',
    '  local command flags',
    '  if (( CURRENT == 2 )); then',
    `    candidates=(${described(table.top)} 'help:usage of a group')`,
    "    _describe 'mrkctl command' candidates",
    '    return',
    '  fi',
    '  case "$words[2]" in',
    ...groups.map(
      (group) =>
        `    ${group}) if (( CURRENT == 3 )); then candidates=(${described(table.groups.get(group)!)}); _describe '${group} command' candidates; return; fi; command="$words[2] $words[3]" ;;`,
    ),
    `    completion) if (( CURRENT == 3 )); then compadd -- ${SHELLS.join(' ')}; return; fi; command="$words[2]" ;;`,
    `    help) compadd -- ${groups.join(' ')}; return ;;`,
    '    *) command="$words[2]" ;;',
    '  esac',
    '  case "$command" in',
    ...caseArms(table, '    '),
    '  esac',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    '  compadd -- ${=flags}',
    '}',
    'if [[ "$funcstack[1]" == _mrkctl ]]; then _mrkctl "$@"; else compdef _mrkctl mrkctl; fi',
    '',
  ].join('\n');
}

function fishScript(table: Table): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const topWords = [...table.top.map((item) => item.word), 'help'].join(' ');
  const lines = [
    '# mrkctl completion for fish. Load it with:',
    '#   mrkctl completion fish | source           # this shell',
    '#   mrkctl completion fish > ~/.config/fish/completions/mrkctl.fish   # every shell',
    'complete -c mrkctl -f',
    ...table.top.map(
      (item) =>
        `complete -c mrkctl -n 'not __fish_seen_subcommand_from ${topWords}' -a ${item.word} -d ${quote(item.summary)}`,
    ),
    `complete -c mrkctl -n 'not __fish_seen_subcommand_from ${topWords}' -a help -d 'usage of a group'`,
  ];
  for (const [group, commands] of table.groups) {
    const names = words(commands);
    for (const command of commands) {
      lines.push(
        `complete -c mrkctl -n '__fish_seen_subcommand_from ${group}; and not __fish_seen_subcommand_from ${names}' -a ${command.word} -d ${quote(command.summary)}`,
      );
    }
  }
  lines.push(`complete -c mrkctl -n '__fish_seen_subcommand_from completion' -a '${SHELLS.join(' ')}'`);
  for (const [name, flags] of table.flags) {
    const [first, second] = name.split(' ');
    const condition =
      second === undefined
        ? `__fish_seen_subcommand_from ${first}`
        : `__fish_seen_subcommand_from ${first}; and __fish_seen_subcommand_from ${second}`;
    for (const { flag, summary } of flags) {
      lines.push(
        `complete -c mrkctl -n '${condition}' -l ${flag.slice(2)}${summary ? ` -d ${quote(summary)}` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

// completion: prints the shell completion script made from the command table (cli/completion.ts).
import { type Command, GLOBAL_DETAILS } from '../command.js';
import { completionScript, SHELLS, type Shell } from '../completion.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { didYouMean } from '../suggest.js';
import { ALL_COMMANDS } from './all-commands.js';

export const completion: Command = {
  name: 'completion',
  summary: 'print the shell completion script (bash, zsh or fish)',
  synopsis: 'bash|zsh|fish',
  details: [
    'bash: source <(mrkctl completion bash)',
    'zsh:  source <(mrkctl completion zsh)      (after compinit)',
    'fish: mrkctl completion fish | source',
    ...GLOBAL_DETAILS,
  ],
  options: {},
  positionals: [1, 1],
  async run(context) {
    const shell = context.args[0]!;
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw new UsageError(
        `Unknown shell "${shell}".${didYouMean(shell, SHELLS)}`,
        `mrkctl completion takes one of ${SHELLS.join(', ')}.`,
      );
    }
    context.print(completionScript(shell as Shell, ALL_COMMANDS));
    return EXIT.ok;
  },
};

// Every mrkctl command, grouped as the help shows them.
import type { Command } from '../command.js';
import { completion } from './completion.js';
import {
  keysCancelDeletion,
  keysDelete,
  keysPromote,
  keysReconcile,
  keysReplicate,
  keysRotate,
} from './keys-lifecycle.js';
import { keysDrift, keysGet, keysList } from './keys-read.js';
import { keysCreate, keysUpdate } from './keys-write.js';
import { login } from './login.js';
import { audit, opsGet, opsWatch } from './ops-and-audit.js';

export const ALL_COMMANDS: readonly Command[] = [
  keysCreate,
  keysList,
  keysGet,
  keysUpdate,
  keysReplicate,
  keysPromote,
  keysRotate,
  keysDelete,
  keysCancelDeletion,
  keysDrift,
  keysReconcile,
  opsGet,
  opsWatch,
  audit,
  login,
  completion,
];

/** Groups that take a sub-command (`keys create`), as opposed to single commands (`audit`). */
export const GROUPS: readonly string[] = [
  ...new Set(ALL_COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!)),
];

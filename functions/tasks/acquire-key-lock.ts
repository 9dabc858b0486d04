// Lambda AcquireKeyLockFunction: the Task state "Acquire Key Lock" / "Renew Key Lock" (every workflow); logic in src/app/tasks/acquire-key-lock.ts.
import { acquireKeyLock } from '../../src/app/tasks/acquire-key-lock.js';
import { lambdaTask } from '../../src/app/tasks/lambda-task.js';

export const handler = lambdaTask(acquireKeyLock);

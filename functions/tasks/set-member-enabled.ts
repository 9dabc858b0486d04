// Lambda SetMemberEnabledFunction: the Task state "Disable Member" (delete-key); logic in src/app/tasks/set-member-enabled.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { setMemberEnabled } from '../../src/app/tasks/set-member-enabled.js';

export const handler = lambdaTask(setMemberEnabled);

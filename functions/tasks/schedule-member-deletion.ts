// Lambda ScheduleMemberDeletionFunction: the Task state "Schedule Replica/Primary Deletion" (delete-key); logic in src/app/tasks/schedule-member-deletion.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { scheduleMemberDeletion } from '../../src/app/tasks/schedule-member-deletion.js';

export const handler = lambdaTask(scheduleMemberDeletion);

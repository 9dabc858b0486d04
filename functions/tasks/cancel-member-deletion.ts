// Lambda CancelMemberDeletionFunction: the Task state "Cancel Member Deletion" (cancel-key-deletion); logic in src/app/tasks/cancel-member-deletion.ts.
import { cancelMemberDeletion } from '../../src/app/tasks/cancel-member-deletion.js';
import { lambdaTask } from '../../src/app/tasks/lambda-task.js';

export const handler = lambdaTask(cancelMemberDeletion);

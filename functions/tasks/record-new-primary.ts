// Lambda RecordNewPrimaryFunction: the Task state "Record New Primary" (update-primary-region); logic in src/app/tasks/record-new-primary.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { recordNewPrimary } from '../../src/app/tasks/record-new-primary.js';

export const handler = lambdaTask(recordNewPrimary);

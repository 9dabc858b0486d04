// Lambda RotatePrimaryFunction: the Task state "Rotate Key Material" (rotate-key); logic in src/app/tasks/rotate-primary.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { rotatePrimary } from '../../src/app/tasks/rotate-primary.js';

export const handler = lambdaTask(rotatePrimary);

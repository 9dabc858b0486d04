// Lambda FinishOperationFunction: the Task state "Finish Operation" (the last step of every workflow); logic in src/app/tasks/finish-operation.ts.
import { finishOperation } from '../../src/app/tasks/finish-operation.js';
import { lambdaTask } from '../../src/app/tasks/lambda-task.js';

export const handler = lambdaTask(finishOperation);

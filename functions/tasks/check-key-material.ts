// Lambda CheckKeyMaterialFunction: the Task state "Check Key Material" (rotate-key); logic in src/app/tasks/check-key-material.ts.
import { checkKeyMaterial } from '../../src/app/tasks/check-key-material.js';
import { lambdaTask } from '../../src/app/tasks/lambda-task.js';

export const handler = lambdaTask(checkKeyMaterial);

// Lambda ApplyMemberPropertiesFunction: the Task state "Apply ... Properties" (provision-key, replicate-key, sync-properties); logic in src/app/tasks/apply-member-properties.ts.
import { applyMemberProperties } from '../../src/app/tasks/apply-member-properties.js';
import { lambdaTask } from '../../src/app/tasks/lambda-task.js';

export const handler = lambdaTask(applyMemberProperties);

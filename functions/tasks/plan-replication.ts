// Lambda PlanReplicationFunction: the Task state "Plan Replication" (provision-key, replicate-key); logic in src/app/tasks/plan-replication.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { planReplicationTask } from '../../src/app/tasks/plan-replication.js';

export const handler = lambdaTask(planReplicationTask);

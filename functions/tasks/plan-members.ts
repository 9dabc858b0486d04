// Lambda PlanMembersFunction: the Task state "Plan ..." (sync-properties, update-primary-region, rotate-key, delete-key, cancel-key-deletion); logic in src/app/tasks/plan-members.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { planMembers } from '../../src/app/tasks/plan-members.js';

export const handler = lambdaTask(planMembers);

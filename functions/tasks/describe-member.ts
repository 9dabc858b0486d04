// Lambda DescribeMemberFunction: the Task state "Check ... State" poll steps (replication, promotion); logic in src/app/tasks/describe-member.ts.
import { describeMember } from '../../src/app/tasks/describe-member.js';
import { lambdaTask } from '../../src/app/tasks/lambda-task.js';

export const handler = lambdaTask(describeMember);

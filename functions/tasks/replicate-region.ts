// Lambda ReplicateRegionFunction: the Task state "Replicate To Region" (provision-key, replicate-key); logic in src/app/tasks/replicate-region.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { replicateRegion } from '../../src/app/tasks/replicate-region.js';

export const handler = lambdaTask(replicateRegion);

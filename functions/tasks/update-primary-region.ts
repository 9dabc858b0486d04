// Lambda UpdatePrimaryRegionFunction: the Task state "Update Primary Region" (update-primary-region); logic in src/app/tasks/update-primary-region.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { updatePrimaryRegion } from '../../src/app/tasks/update-primary-region.js';

export const handler = lambdaTask(updatePrimaryRegion);

// Lambda RecordRegionResultFunction: the Task state "Record ... Success/Failure" (per-Region outcome); logic in src/app/tasks/record-region-result.ts.

import { lambdaTask } from '../../src/app/tasks/lambda-task.js';
import { recordRegionResult } from '../../src/app/tasks/record-region-result.js';

export const handler = lambdaTask(recordRegionResult);

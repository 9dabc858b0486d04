// ListStateMachines: the state machines of the request's account and Region, by name, paged.
import { decodeToken, encodeToken, pageSize } from '../paging.js';
import { defineOperation, seconds } from './operation.js';

export const listStateMachines = defineOperation({
  input: {
    maxResults: { type: 'integer', min: 0, max: 1000 },
    nextToken: { type: 'string', min: 1, max: 1024 },
  },
  run(ctx, input: { maxResults?: number; nextToken?: string }) {
    const scope = `machines|${ctx.account}|${ctx.region}`;
    const after = decodeToken(input.nextToken, scope);
    const all = ctx.store
      .machinesIn(ctx.account, ctx.region)
      .filter((m) => after === undefined || m.name > String(after));
    const page = all.slice(0, pageSize(input.maxResults));
    const last = page.at(-1);
    return {
      stateMachines: page.map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: machine.type,
        creationDate: seconds(machine.creationDate),
      })),
      ...(last && all.length > page.length && { nextToken: encodeToken(scope, last.name) }),
    };
  },
});

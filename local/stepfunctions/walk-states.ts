// Visits every state of a definition, including those inside Map (ItemProcessor/Iterator) and
// Parallel (Branches), because the runner keys its overrides by state name across all of them.

export interface AnyState {
  Type?: unknown;
  [field: string]: unknown;
}

interface StatesContainer {
  States?: unknown;
}

export function walkStates(definition: unknown, visit: (name: string, state: AnyState) => void): void {
  const states = (definition as StatesContainer | null)?.States;
  if (typeof states !== 'object' || states === null) return;
  for (const [name, state] of Object.entries(states as Record<string, unknown>)) {
    if (typeof state !== 'object' || state === null) continue;
    const typed = state as AnyState;
    visit(name, typed);
    if (typed.Type === 'Map') walkStates(typed.ItemProcessor ?? typed.Iterator, visit);
    if (typed.Type === 'Parallel' && Array.isArray(typed.Branches)) {
      for (const branch of typed.Branches) walkStates(branch, visit);
    }
  }
}

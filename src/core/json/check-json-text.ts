// A single-pass, non-recursive scan of raw JSON text for what JSON.parse silently accepts and we refuse:
// nesting deeper than a limit, a property given twice in one object, and the property name `__proto__`.

/** The deepest nesting of objects and arrays a request body may have (the body itself is depth 1). */
export const MAX_JSON_DEPTH = 64;

export type JsonTextProblem =
  | { readonly kind: 'tooDeep'; readonly path: string; readonly limit: number }
  | { readonly kind: 'duplicate'; readonly path: string; readonly name: string }
  | { readonly kind: 'reservedName'; readonly path: string; readonly name: string };

interface Frame {
  readonly kind: 'object' | 'array';
  /** Property names seen so far in this object (decoded, so `"a"` and `"\u0061"` are the same name). */
  readonly names: Set<string>;
  /** Objects: the next string is a property name. */
  expectName: boolean;
  /** The current property name (objects) or element index (arrays), for the path in a message. */
  label: string | number;
}

/**
 * Finds the first problem in `text`, or undefined. Malformed JSON is not this scan's business: it stops
 * quietly and leaves the syntax error to JSON.parse. Work and memory are linear in the text's length,
 * and nothing recurses, so no input can exhaust the stack.
 */
export function checkJsonText(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonTextProblem | undefined {
  const stack: Frame[] = [];
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      const end = stringEnd(text, index);
      if (end < 0) return undefined;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectName) {
        let name: string;
        try {
          name = JSON.parse(text.slice(index, end + 1)) as string;
        } catch {
          return undefined;
        }
        top.expectName = false;
        top.label = name;
        if (name === '__proto__') return { kind: 'reservedName', path: pathOf(stack), name };
        if (top.names.has(name)) return { kind: 'duplicate', path: pathOf(stack), name };
        top.names.add(name);
      }
      index = end;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        return { kind: 'tooDeep', path: pathOf(stack), limit: maxDepth };
      }
      const kind = char === 0x7b ? 'object' : 'array';
      stack.push({
        kind,
        names: new Set(),
        expectName: kind === 'object',
        label: kind === 'object' ? '' : 0,
      });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectName = true;
      else if (top?.kind === 'array') top.label = (top.label as number) + 1;
    }
  }
  return undefined;
}

/** The index of the quote closing the string that opens at `start`, or -1 if it never closes. */
function stringEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x5c /* \ */) index++;
    else if (char === 0x22) return index;
  }
  return -1;
}

/** `regionOverrides.eu-west-1.policy.Statement[0]`, `(root)` for the top level. */
function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.kind === 'array') path += `[${frame.label}]`;
    else if (frame.label !== '') path += path === '' ? String(frame.label) : `.${String(frame.label)}`;
  }
  return path === '' ? '(root)' : path.length > 200 ? `${path.slice(0, 200)}...` : path;
}

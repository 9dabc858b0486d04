// Builds UpdateItem expressions with placeholder names and values, so attribute names never clash with reserved words.
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';

type Path = string | readonly string[];

export class UpdateBuilder {
  readonly #sets: string[] = [];
  readonly #removes: string[] = [];
  readonly #conditions: string[] = [];
  readonly #names: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};
  #counter = 0;

  set(path: Path, value: unknown): this {
    const placeholder = `:v${this.#counter++}`;
    this.#values[placeholder] = value;
    this.#sets.push(`${this.#path(path)} = ${placeholder}`);
    return this;
  }

  remove(path: Path): this {
    this.#removes.push(this.#path(path));
    return this;
  }

  /** Adds a condition (ANDed with the others) with its own names and values. */
  condition(
    expression: string,
    names: Record<string, string> = {},
    values: Record<string, unknown> = {},
  ): this {
    this.#conditions.push(expression);
    Object.assign(this.#names, names);
    Object.assign(this.#values, values);
    return this;
  }

  build(): Pick<
    UpdateCommandInput,
    'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  > {
    const clauses = [
      this.#sets.length > 0 ? `SET ${this.#sets.join(', ')}` : '',
      this.#removes.length > 0 ? `REMOVE ${this.#removes.join(', ')}` : '',
    ].filter(Boolean);
    return {
      UpdateExpression: clauses.join(' '),
      ...(this.#conditions.length > 0 && { ConditionExpression: this.#joinConditions() }),
      ...(Object.keys(this.#names).length > 0 && { ExpressionAttributeNames: this.#names }),
      ...(Object.keys(this.#values).length > 0 && { ExpressionAttributeValues: this.#values }),
    };
  }

  // DynamoDB rejects redundant parentheses, so only a condition with an OR is wrapped, and only when ANDed.
  #joinConditions(): string {
    if (this.#conditions.length === 1) return this.#conditions[0]!;
    return this.#conditions
      .map((condition) => (/\bOR\b/.test(condition) ? `(${condition})` : condition))
      .join(' AND ');
  }

  #path(path: Path): string {
    const parts = typeof path === 'string' ? [path] : path;
    return parts
      .map((part) => {
        const placeholder = `#n${this.#counter++}`;
        this.#names[placeholder] = part;
        return placeholder;
      })
      .join('.');
  }
}

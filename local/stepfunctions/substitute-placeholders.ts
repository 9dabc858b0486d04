// Fills `${Name}` placeholders the way template.yaml's DefinitionSubstitutions does: plain text
// replacement of each `${Key}` whose key is given. Unlike CloudFormation, which leaves unknown
// placeholders in place (and Step Functions then rejects the definition), an unfilled one is an error
// here that names every such placeholder, so a missing local substitution is found at once.

const PLACEHOLDER = /\$\{([^${}\s]+)\}/g;

export class UnfilledPlaceholderError extends Error {
  constructor(readonly placeholders: readonly string[]) {
    super(
      `No substitution for placeholder${placeholders.length > 1 ? 's' : ''} ${placeholders.map((p) => '${' + p + '}').join(', ')}`,
    );
    this.name = 'UnfilledPlaceholderError';
  }
}

export function substitutePlaceholders(
  text: string,
  substitutions: Readonly<Record<string, string>>,
): string {
  const missing = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (whole, key: string) => {
    if (Object.hasOwn(substitutions, key)) return substitutions[key]!;
    missing.add(key);
    return whole;
  });
  if (missing.size > 0) throw new UnfilledPlaceholderError([...missing]);
  return filled;
}

// Types for asl-validator 4, which ships none: the validator function and its options.
declare module 'asl-validator' {
  interface AslValidatorOptions {
    checkArn?: boolean;
    checkPaths?: boolean;
  }
  /** Validates a definition. It mutates its input: pass a copy. */
  export default function aslValidator(
    definition: unknown,
    options?: AslValidatorOptions,
  ): { isValid: boolean; errors: unknown[]; errorsText: (separator?: string) => string };
}

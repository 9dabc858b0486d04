// Prepares definitions (placeholders filled, validated, compiled) and keeps the compiled form per
// state machine revision, so executions start without re-validating.
import { type CompiledDefinition, compileDefinition } from './compile-definition.js';
import { errors } from './sfn-error.js';
import { substitutePlaceholders, UnfilledPlaceholderError } from './substitute-placeholders.js';
import type { StateMachineRecord } from './types.js';

export class Definitions {
  private readonly compiled = new Map<string, { revision: number; compiled: CompiledDefinition }>();

  constructor(private readonly substitutions: Readonly<Record<string, string>>) {}

  /** Fills placeholders; throws InvalidDefinition naming any left unfilled. */
  fill(text: string): string {
    try {
      return substitutePlaceholders(text, this.substitutions);
    } catch (error) {
      if (error instanceof UnfilledPlaceholderError) throw errors.invalidDefinition(error.message);
      throw error;
    }
  }

  /** Fills placeholders and validates; throws InvalidDefinition naming what is wrong. */
  prepare(text: string): { text: string; compiled: CompiledDefinition } {
    const filled = this.fill(text);
    return { text: filled, compiled: compileDefinition(filled) };
  }

  remember(machine: StateMachineRecord, compiled: CompiledDefinition): void {
    this.compiled.set(machine.arn, { revision: machine.revision, compiled });
  }

  /** The compiled definition of the machine's current revision (compiled on first use after a restart). */
  compiledFor(machine: StateMachineRecord): CompiledDefinition {
    const cached = this.compiled.get(machine.arn);
    if (cached?.revision === machine.revision) return cached.compiled;
    const compiled = compileDefinition(machine.definition);
    this.remember(machine, compiled);
    return compiled;
  }

  forget(arn: string): void {
    this.compiled.delete(arn);
  }
}

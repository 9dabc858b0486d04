// The wall clock every composition root (API, authorizer, tasks, drift) injects when a test does not.
import type { Clock } from '../core/ports/clock.js';

export const systemClock: Clock = { now: () => new Date() };

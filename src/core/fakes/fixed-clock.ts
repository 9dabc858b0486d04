// FixedClock: a Clock that stays where tests put it.
import type { Clock } from '../ports/clock.js';

/** A clock that stays where it is put; `advance` moves it. For tests and deterministic replays. */
export class FixedClock implements Clock {
  #time: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.#time = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#time);
  }

  advance(milliseconds: number): void {
    this.#time += milliseconds;
  }
}

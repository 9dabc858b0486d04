// The emulator's clock: real time, scaled by --time-scale, plus whatever the admin API advanced.
// Every transient state and window is measured on it, so tests move days at once.

export interface Clock {
  now(): number;
}

export class VirtualClock implements Clock {
  private offsetMs = 0;
  private readonly realStart = Date.now();

  constructor(
    private readonly timeScale = 1,
    private readonly start = Date.now(),
  ) {}

  now(): number {
    return this.start + (Date.now() - this.realStart) * this.timeScale + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

// The emulator's clock: real time, scaled by --time-scale, plus whatever the admin API advanced.
// Every transient state and window is measured on it, so tests move days at once.

export interface Clock {
  now(): number;
}

/** What persistence saves: the virtual time at a real instant. */
export interface ClockState {
  virtualMs: number;
  realMs: number;
}

export class VirtualClock implements Clock {
  private anchorVirtual: number;
  private anchorReal = Date.now();

  constructor(
    private readonly timeScale = 1,
    start = Date.now(),
  ) {
    this.anchorVirtual = start;
  }

  now(): number {
    return this.anchorVirtual + (Date.now() - this.anchorReal) * this.timeScale;
  }

  advance(ms: number): void {
    this.anchorVirtual += ms;
  }

  state(): ClockState {
    return { virtualMs: this.now(), realMs: Date.now() };
  }

  /**
   * Continues from a saved state. Time the emulator was stopped counts at real speed (scale 1), so the
   * offset from wall time survives a restart and deletion windows neither jump nor freeze.
   */
  restore(saved: ClockState): void {
    const real = Date.now();
    this.anchorVirtual = saved.virtualMs + Math.max(0, real - saved.realMs);
    this.anchorReal = real;
  }
}

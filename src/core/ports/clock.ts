// Clock: the only source of "now" for core callers, so tests can fix or advance time.

export interface Clock {
  now(): Date;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The JSON protocol's timestamp form: epoch seconds, with milliseconds as a fraction. */
export const toEpochSeconds = (epochMs: number): number => epochMs / 1000;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The JSON protocol's timestamp form: epoch seconds, with milliseconds as a fraction. */
export const toEpochSeconds = (epochMs: number): number => epochMs / 1000;

/**
 * The latest instant every AWS SDK can represent, 9999-12-31T23:59:59Z, in epoch seconds: a later
 * timestamp stored and answered would break the readers (boto3 fails to parse it).
 */
export const MAX_TIMESTAMP_SECONDS = 253402300799;

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A time given as text (a filter value): epoch seconds (`1767225600`, `1767225600.5`) or an ISO 8601
 * date or date-time (`2026-01-01`, `2026-01-01T00:00:00Z`). A date the calendar does not have
 * (`2026-02-30`, hour 24) is refused rather than rolled over, as is any time after
 * MAX_TIMESTAMP_SECONDS.
 * @returns epoch ms, or undefined for text that is no such time
 */
export function parseTimeText(value: string): number | undefined {
  let ms: number;
  if (/^\d{1,12}(\.\d+)?$/.test(value)) ms = Number(value) * 1000;
  else {
    const parts = ISO_DATE_TIME.exec(value);
    if (!parts) return undefined;
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
    if (parts[4] !== undefined && Number(parts[4]) > 23) return undefined;
    ms = Date.parse(value);
  }
  return Number.isNaN(ms) || ms > MAX_TIMESTAMP_SECONDS * 1000 ? undefined : ms;
}

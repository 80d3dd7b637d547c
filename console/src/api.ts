// Calls to the server's /_local routes, and the shapes they answer.

/** The account and region the console shows. */
export interface Scope {
  accountId: string;
  region: string;
}

export interface Message {
  accountId: string;
  region: string;
  messageId: string;
  direction?: 'INBOUND';
  keyword?: string;
  channel: string;
  configurationSetName?: string;
  originationIdentity: string;
  destinationPhoneNumber: string;
  messageBody?: string;
  messageType?: string;
  requestTimestamp: number;
  outcome: string;
  context?: Record<string, string>;
}

export interface Delivery {
  destination: string;
  kind: string;
  status: string;
  attempts: number;
  lastError?: string;
  nextAttemptAt?: number;
  deliveredAt?: number;
}

export interface MessageEvent {
  eventId: string;
  messageId: string;
  eventType: string;
  configurationSetName?: string;
  dueAt: number;
  routedAt?: number;
  status: 'scheduled' | 'routed';
  record: Record<string, unknown>;
  deliveries?: Delivery[];
}

export interface Attempt {
  eventId: string;
  messageId: string;
  configurationSetName: string;
  destination: string;
  attempt: number;
  status: string;
  error?: string;
  at: number;
}

export interface HandsetMessage {
  direction: 'OUTBOUND' | 'INBOUND';
  messageId: string;
  originationNumber: string;
  destinationNumber: string;
  messageBody?: string;
  status: string;
  timestamp: number;
  keyword?: string;
}

export interface Fault {
  faultId: string;
  configurationSet: string;
  destination: string;
  error: string;
  httpStatus: number;
  hang: boolean;
  count?: number;
  seconds?: number;
  until?: number;
  injected: number;
  active: boolean;
}

/** An error answered by the server: its `__type` and message. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body.__type ?? `HTTP ${response.status}`, body.message ?? response.statusText);
  return body as T;
}

/** A query string of the scope and the given parameters (empty values left out). */
export function query(scope: Scope, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams({ account: scope.accountId, region: scope.region });
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
}

export const getJson = <T>(path: string) => call<T>(path);

export const postJson = <T>(path: string, body: unknown) =>
  call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const deleteJson = <T>(path: string) => call<T>(path, { method: 'DELETE' });

/** A time as the console shows it: local time, ISO-like, with milliseconds (`2026-11-29 15:04:29.907`). */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `${date} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** How many characters of a body the messages table shows; the message's page shows all of it. */
export const BODY_PREVIEW_CHARS = 120;

/** A body as a table cell shows it: up to BODY_PREVIEW_CHARS characters, then an ellipsis. */
export function previewBody(body: string | undefined): string {
  const chars = [...(body ?? '')];
  return chars.length <= BODY_PREVIEW_CHARS ? chars.join('') : `${chars.slice(0, BODY_PREVIEW_CHARS).join('')}…`;
}

/** The end user's number of a message: the destination, or the origination of an inbound one. */
export const handsetOf = (m: Message) => (m.direction === 'INBOUND' ? m.originationIdentity : m.destinationPhoneNumber);

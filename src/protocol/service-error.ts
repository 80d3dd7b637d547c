// The base of every modelled AWS error. Handlers throw the generated subclasses
// (src/generated/errors.ts); only the error writer turns them into wire form.

export type Fault = 'client' | 'server';

export class ServiceError extends Error {
  readonly code: string;
  readonly fault: Fault;
  readonly throttling: boolean;
  readonly status: number;
  /** The model's members other than Message (Reason, Fields, ResourceType, ResourceId, RequestId...). */
  readonly members: Record<string, unknown>;

  constructor(code: string, fault: Fault, throttling: boolean, { message, ...members }: { message: string }, status?: number) {
    // These are answers, not bugs: their stack is never logged or sent, and capturing it costs
    // more than the rest of a rejected request.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = code;
    this.code = code;
    this.fault = fault;
    this.throttling = throttling;
    this.status = status ?? (fault === 'server' ? 500 : 400);
    this.members = Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined));
  }
}

// The base of every modelled AWS error. Handlers throw the generated subclasses
// (src/generated/errors.ts); only the error writer turns them into wire form.

export type Fault = 'client' | 'server';

export class ServiceError extends Error {
  readonly status: number;
  /** The model's members other than Message (Reason, Fields, ResourceType, ResourceId, RequestId...). */
  readonly members: Record<string, unknown>;

  constructor(
    readonly code: string,
    readonly fault: Fault,
    readonly throttling: boolean,
    { message, ...members }: { message: string },
    status?: number,
  ) {
    super(message);
    this.name = code;
    this.status = status ?? (fault === 'server' ? 500 : 400);
    this.members = Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined));
  }
}

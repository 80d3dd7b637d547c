import { randomUUID } from 'node:crypto';
import { v7 as uuidV7 } from 'uuid';

/** Where identifiers come from (tests may give their own). */
export interface IdSource {
  /** A random UUID (version 4): resource ids, verification codes. */
  uuid(): string;
  /**
   * A time-ordered UUID (version 7, RFC 9562: 48-bit epoch milliseconds, then a counter and random
   * bits) for message and event ids. AWS's look random (version 4); ours keep the same 8-4-4-4-12
   * shape but sort in creation order, so the stores' unique indexes on them grow at one end instead
   * of touching a random page per insert (README "Differences from AWS").
   */
  messageId(): string;
}

export const randomIds: IdSource = { uuid: () => randomUUID(), messageId: () => uuidV7() };

import { randomFillSync, randomUUID } from 'node:crypto';
import { v7 as uuidV7 } from 'uuid';

/** Where identifiers come from (tests may give their own). */
export interface IdSource {
  /** A random UUID (version 4): resource ids, verification codes. */
  uuid(): string;
  /**
   * A time-ordered UUID (version 7, RFC 9562: 48-bit epoch milliseconds, then a counter and random
   * bits) for message and event ids. AWS's look random (version 4); ours keep the same 8-4-4-4-12
   * shape but sort by creation millisecond, so the stores' unique indexes on them grow at one end instead
   * of touching a random page per insert (README "Differences from AWS").
   */
  messageId(): string;
}

/**
 * Random bytes for uuid's v7, 16 at a time from a pool refilled every 256 ids: left to itself, v7
 * asks WebCrypto for 16 bytes per id, which measured 3% of a send's CPU (two ids or more a send).
 * With its bytes given, v7 takes the time from Date.now() and randomises the rest of each id, so ids
 * of one millisecond are not ordered among themselves (those of different milliseconds are).
 */
const pool = Buffer.alloc(16 * 256);
let poolUsed = pool.length;
function pooledRandom(): Uint8Array {
  if (poolUsed === pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  poolUsed += 16;
  return pool.subarray(poolUsed - 16, poolUsed);
}

export const randomIds: IdSource = { uuid: () => randomUUID(), messageId: () => uuidV7({ random: pooledRandom() }) };

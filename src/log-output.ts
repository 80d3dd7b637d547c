// The server's own log: JSON lines on stdout, buffered. An asynchronous write costs a thread-pool
// round trip, so lines go out 32 KB at a time, and at least every 100 ms. Once stdout cannot be
// written (EPIPE: whoever read it went away, as in `npm start | head -1`), later lines are dropped:
// no request and no shutdown waits on, or fails for, a log line nobody can read.
import { pino, type DestinationStream } from 'pino';

export interface LogOutput extends DestinationStream {
  /** Starts writing what is buffered. */
  flush(): void;
  /** Writes what is buffered, then ends the output (later lines are dropped); resolves (never rejects) once written, failed, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

/** A buffered log output on a file descriptor (stdout by default). */
export function logOutput(fd = 1): LogOutput {
  const sonic = pino.destination({ dest: fd, sync: false, minLength: 32_768, maxWrite: 65_536, periodicFlush: 100 });
  let broken = false;
  // sonic-boom's flushSync retries a write that fails with EPIPE forever, blocking the event loop
  // (so not even a timer can end the process): stop() drains asynchronously instead, and a failed
  // write ends the output. (pino then turns the stream's own write and flushSync into no-ops, so its
  // flush at exit cannot hang either; destroying it never closes fd 1 or 2.)
  sonic.on('error', () => {
    if (broken) return;
    broken = true;
    sonic.destroy();
  });
  return {
    write(line: string) {
      if (!broken) sonic.write(line);
    },
    flush() {
      if (!broken) sonic.flush();
    },
    drain(timeoutMs: number) {
      if (broken) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // The output ends here, however the flush went: a flush that failed (EPIPE) may call back
        // before the 'error' event, and the process exits next, so pino's exit hook must find the
        // stream destroyed rather than retry the failed write synchronously for ever.
        const end = () => {
          clearTimeout(timer);
          broken = true;
          sonic.destroy();
          resolve();
        };
        const timer = setTimeout(end, timeoutMs);
        sonic.flush(end);
      });
    },
  };
}

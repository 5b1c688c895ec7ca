import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Last-resort cleanup for what a benchmark started (server processes, a PostgreSQL cluster): the scripts stop them in
 * `finally`, and these run only if the script dies first (Ctrl-C, SIGTERM, an uncaught error). They must be
 * synchronous: nothing asynchronous runs in an 'exit' handler.
 */
const cleanups = new Set<() => void>();
let installed = false;

export function onExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const run of [...cleanups].reverse()) {
        try {
          run();
        } catch {
          // keep cleaning up the rest
        }
      }
    });
    process.once('SIGINT', () => process.exit(130));
    process.once('SIGTERM', () => process.exit(143));
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** A fresh directory under the system's temporary one, removed by remove() or, if the script dies first, on exit. */
export function scratchDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(path, { recursive: true, force: true });
  const forget = onExit(remove);
  return {
    path,
    remove() {
      remove();
      forget();
    },
  };
}

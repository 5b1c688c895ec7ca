import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Copying the write-ahead log back into the database file, with its fsync, was half of every commit's time. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage(String(error));
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

export interface BackgroundCheckpoint {
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread with its own connection, so the event loop that serves
 * requests rarely waits for one. A passive checkpoint copies pages without taking the write lock, so it never makes
 * a commit wait or fail; but under constant writes it never catches up with the log's end, and only a checkpoint that
 * does lets the next commit start the log over. So the serving connection keeps a high `wal_autocheckpoint`: when the
 * log reaches it, that checkpoint finds nearly every page already copied, and the log restarts. If the worker dies,
 * the same setting still bounds the log.
 */
export function startBackgroundCheckpoint(file: string, onError: (message: string) => void, everyMs = 200): BackgroundCheckpoint {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, everyMs },
  });
  worker.on('message', (message: string) => onError(message));
  worker.on('error', (error) => onError(String(error)));
  worker.unref();
  return {
    async stop() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // Unreferenced, the worker would not keep the process alive until it has finished its last checkpoint.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

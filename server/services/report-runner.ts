import { Worker } from 'node:worker_threads';
import { ArenaError, type ErrorDetail } from '../errors.js';
import type { ReportJob, ReportResults } from './report-jobs.js';

interface Pending {
  job: ReportJob;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

type Reply = { id: number; result: unknown } | { id: number; failure: { status?: number; code?: string; message: string; details?: ErrorDetail[] } };

/**
 * Runs the research computations that take seconds on a worker thread, one at a time: a bootstrap of 1,000 rounds
 * over 100,000 votes took 5.6 s, and an external log of 500 models minutes, all of it time in which the event loop
 * took no vote. The worker's heap is capped, so a log too large to analyze ends the worker (a 413), not the server; the
 * next job starts a new one.
 */
export class ReportRunner {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  constructor(private readonly heapLimitMb = 1024) {}

  run<J extends ReportJob>(job: J): Promise<ReportResults[J['kind']]> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => this.#send(id, { job, resolve: resolve as (result: unknown) => void, reject }));
  }

  #send(id: number, pending: Pending): void {
    const worker = this.#worker ?? this.#start();
    this.#pending.set(id, pending);
    // Referenced only while it has work, so an idle worker never keeps the process alive.
    if (this.#pending.size === 1) worker.ref();
    worker.postMessage({ id, job: pending.job });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    for (const pending of this.#pending.values()) pending.reject(new Error('the server is shutting down'));
    this.#pending.clear();
    await worker?.terminate();
  }

  #start(): Worker {
    // The stack as small as the main thread's: the parsers stop walking a log nested too deep when it overflows, and a
    // worker's default stack, four times larger, let them build paths for long enough to exhaust the heap first.
    const resourceLimits = { maxOldGenerationSizeMb: this.heapLimitMb, stackSizeMb: 1 };
    // Built, the worker is JavaScript. From source (tests, benchmarks, `npm run dev`) it is TypeScript, which the thread
    // loads through tsx, registered there first: a worker does not take --import from its execArgv.
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./report-worker.ts', import.meta.url).href)}); });`,
          { eval: true, resourceLimits },
        )
      : new Worker(new URL('./report-worker.js', import.meta.url), { resourceLimits });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if ('result' in reply) pending.resolve(reply.result);
      else {
        const { status, code, message, details } = reply.failure;
        pending.reject(status !== undefined && code !== undefined ? new ArenaError(status, code, message, details) : new Error(message));
      }
    });
    // The job that was running when the worker died (the oldest: they run in order) fails; the others go to a new one.
    const died = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      const waiting = [...this.#pending].sort(([a], [b]) => a - b);
      this.#pending.clear();
      waiting[0]?.[1].reject(error);
      for (const [id, pending] of waiting.slice(1)) this.#send(id, pending);
    };
    worker.on('error', (error: Error & { code?: string }) =>
      died(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ArenaError(413, 'TOO_LARGE_TO_ANALYZE', `the analysis needed more than ${this.heapLimitMb} MB: send a smaller log`)
          : error,
      ),
    );
    worker.on('exit', () => died(new Error('the report worker stopped')));
    this.#worker = worker;
    return worker;
  }
}

import { parentPort } from 'node:worker_threads';
import { ArenaError } from '../errors.js';
import { runReportJob, type ReportJob } from './report-jobs.js';

// The report worker's thread: one job at a time, in the order sent. An ArenaError (a broken vote log) goes back as
// itself, anything else as a message.
parentPort!.on('message', ({ id, job }: { id: number; job: ReportJob }) => {
  try {
    parentPort!.postMessage({ id, result: runReportJob(job) });
  } catch (error) {
    const failure =
      error instanceof ArenaError
        ? { status: error.status, code: error.code, message: error.message, details: error.details }
        : { message: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage({ id, failure });
  }
});

import type { ProgressSnapshot } from '../../shared/schemas/progress.js';

/** Rows serialized per turn of the event loop: JSON.stringify of 10,000 raters' rows took 30 ms in one piece. */
const ROWS_PER_TURN = 1000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `JSON.stringify(snapshot)`, but the rater rows a chunk per turn of the event loop, so that a large snapshot's text
 * holds no vote up for long. The same text but for the order of keys: `raters` comes last.
 */
export async function progressSnapshotJson(snapshot: ProgressSnapshot): Promise<string> {
  const { raters, ...rest } = snapshot;
  const chunks: string[] = [];
  for (let from = 0; from < raters.length; from += ROWS_PER_TURN) {
    await nextTurn();
    chunks.push(JSON.stringify(raters.slice(from, from + ROWS_PER_TURN)).slice(1, -1));
  }
  return `${JSON.stringify(rest).slice(0, -1)},"raters":[${chunks.join(',')}]}`;
}

/** The live message `{type: "progress", progress}` as text (see `progressSnapshotJson`). */
export async function progressMessageJson(snapshot: ProgressSnapshot): Promise<string> {
  return `{"type":"progress","progress":${await progressSnapshotJson(snapshot)}}`;
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { votePage, type LoggedVoteRow, type VoteFilter } from '../repositories/research.js';

export type VoteExportFormat = 'csv' | 'jsonl' | 'arena';

const PAGE_SIZE = 2000;

export const EXPORT_CONTENT_TYPES: Record<VoteExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  arena: 'application/json; charset=utf-8',
};

export const EXPORT_FILE_EXTENSIONS: Record<VoteExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', arena: 'json' };

const CSV_COLUMNS = [
  'vote_id',
  'timestamp',
  'rater',
  'question_id',
  'question_set',
  'question_set_version',
  'category',
  'model_a',
  'model_b',
  'winner',
  'overlap',
  'time_ms',
  'rater_excluded',
] as const;

const winnerOf = (choice: LoggedVoteRow['choice']) => (choice === 'A' ? 'model_a' : choice === 'B' ? 'model_b' : 'tie');

function exportRecord(row: LoggedVoteRow) {
  return {
    vote_id: row.id,
    timestamp: row.createdAt,
    rater: row.rater,
    question_id: row.questionId,
    question_set: row.setSlug,
    question_set_version: row.setVersion,
    category: row.category,
    model_a: row.modelA,
    model_b: row.modelB,
    winner: winnerOf(row.choice),
    overlap: row.isOverlap === 1,
    time_ms: row.elapsedMs,
    rater_excluded: row.raterExcludedAt !== null,
  };
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling quotes inside. */
export function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Chatbot Arena's battle format, so analysis notebooks written for it read our log unchanged. */
function arenaBattle(row: LoggedVoteRow) {
  return {
    model_a: row.modelA,
    model_b: row.modelB,
    winner: winnerOf(row.choice),
    judge: row.rater,
    tstamp: Date.parse(row.createdAt) / 1000,
    question_id: row.questionId,
    anony: true,
  };
}

/**
 * The vote log as text chunks in commit order, read page by page (keyset pagination on the vote id), so memory stays
 * flat however long the log is and votes keep landing while an export runs.
 */
export async function* exportVotes(
  db: Kysely<Database>,
  filter: VoteFilter,
  format: VoteExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  if (format === 'arena') yield '[';
  let afterId = 0;
  let first = true;
  for (;;) {
    const rows = await votePage(db, filter, afterId, PAGE_SIZE);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]!.id;
    let chunk = '';
    for (const row of rows) {
      if (format === 'csv') {
        const record = exportRecord(row);
        chunk += `${CSV_COLUMNS.map((column) => csvField(record[column])).join(',')}\r\n`;
      } else if (format === 'jsonl') {
        chunk += `${JSON.stringify(exportRecord(row))}\n`;
      } else if (row.raterExcludedAt === null) {
        // Chatbot Arena's format has no field to mark them, and notebooks reading it would count them.
        chunk += `${first ? '\n' : ',\n'}${JSON.stringify(arenaBattle(row))}`;
        first = false;
      }
    }
    yield chunk;
    if (rows.length < PAGE_SIZE) break;
  }
  if (format === 'arena') yield first ? ']\n' : '\n]\n';
}

import type { AgreementVote } from '../agreement/orient.js';
import { csvObjects } from '../csv.js';
import { jsonLinesOf } from '../json-lines.js';
import { jsonSyntaxErrorOffset, lineOfOffset } from '../json-syntax.js';
import { readExternalRecord, REQUIRED_FIELDS, type ExternalVote } from './external-log-record.js';

export type { ExternalVote } from './external-log-record.js';

/**
 * Vote logs from elsewhere: `csv` (RFC 4180 with a header row), `jsonl` (one JSON object per line, blank lines
 * allowed) or `json` (an array of objects: Chatbot Arena's battle format, which the arena's own export writes too).
 */
export type ExternalLogFormat = 'csv' | 'jsonl' | 'json';

/** A problem with its 1-based line in the file; `field` names the column or key, or `csv`/`json`/`row`. */
export interface ExternalLogError {
  line: number;
  field: string;
  reason: string;
}

export interface ExternalLog {
  votes: ExternalVote[];
  /** The first `MAX_REPORTED_ERRORS` problems, in file order. */
  errors: ExternalLogError[];
  /** All problems, including those not listed. */
  errorCount: number;
}

export const MAX_REPORTED_ERRORS = 100;

/**
 * The format from the file name when it says (.csv, .jsonl, .ndjson), else from the first non-blank character:
 * `[` is a JSON array, `{` a JSON object per line, anything else CSV. A `.json` name is not trusted, since JSON Lines
 * files are often saved under it.
 */
export function detectExternalLogFormat(text: string, fileName?: string | null): ExternalLogFormat {
  const name = (fileName ?? '').toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  const first = /\S/.exec(withoutBom(text))?.[0];
  return first === '[' ? 'json' : first === '{' ? 'jsonl' : 'csv';
}

/** Parses a log in the given (or detected) format; every problem is reported with its line, nothing throws. */
export function parseExternalLog(text: string, format: ExternalLogFormat = detectExternalLogFormat(text)): ExternalLog {
  const body = withoutBom(text);
  if (format === 'csv') return parseExternalCsv(body);
  if (format === 'jsonl') return parseExternalJsonLines(body);
  return parseExternalJsonArray(body);
}

/** CSV with a header naming the columns (any order, extra columns ignored). */
export function parseExternalCsv(text: string): ExternalLog {
  const log = collector();
  let table: ReturnType<typeof csvObjects>;
  try {
    table = csvObjects(text, REQUIRED_FIELDS);
  } catch (error) {
    const match = /^line (\d+): (.*)$/.exec(error instanceof Error ? error.message : String(error));
    log.add({ line: match ? Number(match[1]) : 1, field: 'csv', reason: match?.[2] ?? String(error) });
    return log.result();
  }
  // The header is the first record; blank lines before it are skipped by the CSV reader but still counted here.
  const headerLine = 1 + (/^[\r\n]*/.exec(text)![0].match(/\n/g)?.length ?? 0);
  if (table.header.length === 0) {
    log.add({ line: 1, field: 'csv', reason: 'the file is empty' });
    return log.result();
  }
  for (const column of table.missing) {
    log.add({ line: headerLine, field: column, reason: `the header has no ${column} column` });
  }
  if (log.count() > 0) return log.result();

  for (const row of table.rows) {
    if (row.width !== table.header.length) {
      log.add({ line: row.line, field: 'row', reason: `has ${row.width} fields, the header has ${table.header.length}` });
      continue;
    }
    const vote = readExternalRecord(row.values, (field, reason) => log.add({ line: row.line, field, reason }));
    if (vote) log.votes.push(vote);
  }
  return log.result();
}

/** One JSON object per line; blank lines are skipped, but keep their place in the line count. */
export function parseExternalJsonLines(text: string): ExternalLog {
  const log = collector();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return log.add({ line, field: 'json', reason: `invalid JSON: ${messageOf(error)}` });
    }
    if (!isObject(value)) return log.add({ line, field: 'json', reason: 'expected an object' });
    const vote = readExternalRecord(value, (field, reason) => log.add({ line, field, reason }));
    if (vote) log.votes.push(vote);
  });
  return log.result();
}

/** A JSON array of objects, e.g. `[{model_a, model_b, winner, judge, tstamp, question_id, anony}, …]`. */
export function parseExternalJsonArray(text: string): ExternalLog {
  const log = collector();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const line = lineOfOffset(text, Math.max(0, jsonSyntaxErrorOffset(text)));
    log.add({ line, field: 'json', reason: `invalid JSON: ${messageOf(error)}` });
    return log.result();
  }
  if (!Array.isArray(value)) {
    log.add({ line: 1, field: 'json', reason: 'expected an array of votes' });
    return log.result();
  }
  // Lines are looked up only for the elements with a problem: one pass over the text, after validation.
  const problems: { path: (string | number)[]; field: string; reason: string }[] = [];
  value.forEach((element: unknown, index) => {
    if (!isObject(element)) return void problems.push({ path: [index], field: 'json', reason: 'expected an object' });
    const vote = readExternalRecord(element, (field, reason) => problems.push({ path: [index, field], field, reason }));
    if (vote) log.votes.push(vote);
  });
  // Only the listed problems need a line; the rest are counted, never shown.
  const listed = problems.slice(0, MAX_REPORTED_ERRORS);
  const lines = listed.length === 0 ? [] : jsonLinesOf(text, listed.map((p) => p.path));
  problems.forEach((p, i) => log.add({ line: lines[i] ?? 0, field: p.field, reason: p.reason }));
  return log.result();
}

/**
 * Votes for the agreement measures: rater = judge, item = `${questionId}#${turn ?? 1}` (the model pair is added by
 * the measures). Votes without a judge or a question id cannot be paired with anything and are skipped.
 */
export function toAgreementVotes(votes: readonly ExternalVote[]): AgreementVote[] {
  return votes.flatMap(({ judge, questionId, turn, modelA, modelB, outcome }) =>
    judge === null || questionId === null ? [] : [{ rater: judge, item: `${questionId}#${turn ?? 1}`, modelA, modelB, outcome }],
  );
}

function collector() {
  const votes: ExternalVote[] = [];
  const errors: ExternalLogError[] = [];
  let errorCount = 0;
  return {
    votes,
    add(error: ExternalLogError) {
      errorCount++;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
    },
    count: () => errorCount,
    result: (): ExternalLog => ({ votes, errors, errorCount }),
  };
}

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');

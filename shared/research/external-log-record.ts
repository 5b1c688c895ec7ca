import type { Outcome } from '../rating/elo.js';

/** One vote from a log that did not come from the arena. Fields the log lacks are null. */
export interface ExternalVote {
  modelA: string;
  modelB: string;
  outcome: Outcome;
  judge: string | null;
  questionId: string | null;
  category: string | null;
  turn: number | null;
  /** Seconds since the epoch, as Chatbot Arena writes it. */
  tstamp: number | null;
  /** Time the judge took, ms (the arena's `time_ms`), for the rater diagnostics. */
  elapsedMs: number | null;
  /** The arena's `rater_excluded`: an organizer left this judge out of results, so analyses leave the vote out too. */
  excluded: boolean;
}

/**
 * The fields a log must have; the optional ones are judge, question_id, category, turn and tstamp, and those of the
 * arena's own CSV/JSONL export: rater (the judge), question_set and question_set_version (which make question ids of
 * different sets and versions different items), time_ms and rater_excluded.
 */
export const REQUIRED_FIELDS = ['model_a', 'model_b', 'winner'] as const;

/**
 * Winner values: ours (`model_a`, `model_b`, `tie`), `left`/`right` for the side shown, and Chatbot Arena's
 * `tie (bothbad)`, which is a tie for agreement and ratings alike. Compared trimmed and in lower case.
 */
const WINNERS: ReadonlyMap<string, Outcome> = new Map([
  ['model_a', 'A'],
  ['left', 'A'],
  ['model_b', 'B'],
  ['right', 'B'],
  ['tie', 'tie'],
  ['tie (bothbad)', 'tie'],
]);

type Report = (field: string, reason: string) => void;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A model name: required, text, not blank. */
function modelName(record: Record<string, unknown>, field: string, report: Report): string | null {
  const value = record[field];
  if (value === undefined || value === null) return (report(field, 'missing'), null);
  if (typeof value !== 'string') return (report(field, 'must be text'), null);
  if (value.trim() === '') return (report(field, 'is empty'), null);
  return value.trim();
}

/** An optional identifier; JSON logs may write ids as numbers (MT-Bench's question_id is one). */
function optionalText(record: Record<string, unknown>, field: string, report: Report): string | null {
  const value = record[field];
  if (isBlank(value)) return null;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  report(field, 'must be text or a number');
  return null;
}

/** true/false as JSON booleans or as CSV text; absent is false. */
function optionalFlag(record: Record<string, unknown>, field: string, report: Report): boolean {
  const value = record[field];
  if (isBlank(value) || value === false) return false;
  if (value === true) return true;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : null;
  if (text === 'true') return true;
  if (text !== 'false') report(field, 'must be true or false');
  return false;
}

function optionalNumber(
  record: Record<string, unknown>,
  field: string,
  report: Report,
  check: (n: number) => boolean,
  reason: string,
): number | null {
  const value = record[field];
  if (isBlank(value)) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isFinite(n) || !check(n)) return (report(field, reason), null);
  return n;
}

/**
 * Reads one record (a CSV row keyed by the header, or a JSON object). Every problem goes to `report`; the vote is
 * returned only when there was none. Fields other than the known ones are ignored (Chatbot Arena adds many).
 */
export function readExternalRecord(record: Record<string, unknown>, report: Report): ExternalVote | null {
  let problems = 0;
  const count: Report = (field, reason) => {
    problems++;
    report(field, reason);
  };
  const modelA = modelName(record, 'model_a', count);
  const modelB = modelName(record, 'model_b', count);
  if (modelA !== null && modelA === modelB) count('model_b', `is the same model as model_a (${modelA})`);

  let outcome: Outcome | null = null;
  const winner = record['winner'];
  if (isBlank(winner)) count('winner', 'missing');
  else if (typeof winner !== 'string') count('winner', 'must be text');
  else {
    outcome = WINNERS.get(winner.trim().toLowerCase()) ?? null;
    const expected = 'model_a, model_b, tie, left, right or tie (bothbad)';
    if (outcome === null) count('winner', `unknown value "${winner}"; expected ${expected}`);
  }

  const questionId = optionalText(record, 'question_id', count);
  const questionSet = optionalText(record, 'question_set', count);
  const setVersion = optionalText(record, 'question_set_version', count);
  const vote = {
    judge: optionalText(record, 'judge', count) ?? optionalText(record, 'rater', count),
    questionId: questionId === null || questionSet === null ? questionId : JSON.stringify([questionSet, setVersion, questionId]),
    category: optionalText(record, 'category', count),
    turn: optionalNumber(record, 'turn', count, (n) => Number.isInteger(n) && n >= 1, 'must be a whole number from 1'),
    tstamp: optionalNumber(record, 'tstamp', count, () => true, 'must be a number (seconds since 1970)'),
    elapsedMs: optionalNumber(record, 'time_ms', count, (n) => n >= 0, 'must be a number of milliseconds, 0 or more'),
    excluded: optionalFlag(record, 'rater_excluded', count),
  };
  if (problems > 0 || modelA === null || modelB === null || outcome === null) return null;
  return { modelA, modelB, outcome, ...vote };
}

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { questionSetFileSchema, type QuestionSetFile } from '../../shared/schemas/question-set.js';
import type { QuestionSetPreview } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import { jsonLinesOf } from '../../shared/json-lines.js';
import type { SourceLocator } from '../../shared/question-sets/problems.js';
import { jsonSyntaxErrorOffset, lineOfOffset } from '../../shared/json-syntax.js';
import { sample } from '../../shared/stats/random.js';
import { badRequest, fieldOf } from '../errors.js';
import { pauseCampaignsOfOtherVersions } from '../repositories/campaigns.js';
import { lockSetSlug } from '../repositories/locks.js';
import { ensureModels } from '../repositories/models.js';
import { insertAnswers, insertCells, insertQuestions } from '../repositories/questions.js';
import { findSetBySlugAndHash, insertSet, latestSetVersion, makeCurrentVersion } from '../repositories/question-sets.js';
import type { Runtime } from '../runtime.js';

export interface ImportResult {
  setId: number;
  slug: string;
  version: number;
  /** False when the same content was already imported: nothing was written, unless that version was archived and is served again. */
  created: boolean;
  questions: number;
  models: number;
  cells: number;
  overlapCells: number;
  /** Running campaigns on the versions this one archived, now paused: their items would be stale. */
  pausedCampaigns: number;
  /** The content was an archived version's, which is served again. */
  servedAgain: boolean;
}

const MAX_REPORTED_PROBLEMS = 100;

/** Validates a parsed set; every problem (up to 100) is reported at once, by path and, given the text, by line. */
/**
 * Validates a set against the schema; every problem (up to a cap) names its field and, when the source is known, its
 * line: in the JSON text itself, or through a converted format's locator, the CSV row or JSONL record it came from.
 */
export function parseQuestionSet(input: unknown, source?: string | SourceLocator): QuestionSetFile {
  const parsed = questionSetFileSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, MAX_REPORTED_PROBLEMS);
  const lines = typeof source === 'string' ? jsonLinesOf(source, issues.map((issue) => issue.path)) : [];
  const details = issues.map((issue, i) => {
    const located = typeof source === 'function' ? source(issue.path) : undefined;
    if (located) {
      const where = `${located.file}: ${located.field}`;
      return { field: where, reason: `${issue.message} (${fieldOf(issue.path)})`, ...(located.line === undefined ? {} : { line: located.line }) };
    }
    return { field: fieldOf(issue.path), reason: issue.message, ...(lines[i] === undefined ? {} : { line: lines[i] }) };
  });
  // A converted file's problems come in the set's order, not the file's: list them by file and line.
  if (typeof source === 'function') details.sort((x, y) => x.field.split(':')[0]!.localeCompare(y.field.split(':')[0]!) || (x.line ?? 0) - (y.line ?? 0));
  const total = parsed.error.issues.length;
  const shown = total > MAX_REPORTED_PROBLEMS ? ` (the first ${MAX_REPORTED_PROBLEMS} are listed)` : '';
  throw badRequest('INVALID_QUESTION_SET', `the question set has ${total} problem(s)${shown}`, details);
}

/** Parses the text of a question-set file; a JSON syntax error names its line and column. */
export function parseQuestionSetText(withBom: string): QuestionSetFile {
  // A byte-order mark, as some Windows editors write, is not content (CSV uploads and vote logs skip it too).
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const offset = jsonSyntaxErrorOffset(text);
    const line = offset < 0 ? undefined : lineOfOffset(text, offset);
    const detail = { field: '(file)', reason: (error as Error).message, ...(line === undefined ? {} : { line }) };
    throw badRequest('INVALID_JSON', `the file is not valid JSON: ${(error as Error).message}`, [detail]);
  }
  return parseQuestionSet(json, text);
}

/**
 * SHA-256 of the set with object keys and the model list sorted (their order means nothing), so the same content
 * re-serialized, or exported and uploaded again, gives the same hash.
 */
export function contentHash(set: QuestionSetFile): string {
  const models = [...set.models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return createHash('sha256').update(stableStringify({ ...set, models })).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Fisher–Yates: the first `count` items of a uniformly random permutation. */
/**
 * Writes a validated set in one transaction: models, questions, answers and every (question, model pair) cell,
 * `overlapItems` of which (one random pair on each of that many random questions) every rater will be served.
 */
export async function importQuestionSet(
  db: Kysely<Database>,
  runtime: Runtime,
  set: QuestionSetFile,
  options: { overlapItems: number },
): Promise<ImportResult> {
  const hash = contentHash(set);
  const modelNames = set.models.map((m) => m.name).sort();
  const pairCount = (modelNames.length * (modelNames.length - 1)) / 2;
  return db.transaction().execute(async (trx) => {
    await lockSetSlug(trx, set.id);
    const existing = await findSetBySlugAndHash(trx, set.id, hash);
    if (existing) {
      // An archived version's content again: the organizer went back to it, so it is served again (a revert).
      const reverted = existing.status === 'archived';
      if (reverted) await makeCurrentVersion(trx, set.id, existing.id);
      return {
        setId: existing.id,
        slug: existing.slug,
        version: existing.version,
        created: false,
        questions: set.questions.length,
        models: modelNames.length,
        cells: set.questions.length * pairCount,
        overlapCells: 0,
        pausedCampaigns: reverted ? await pauseCampaignsOfOtherVersions(trx, set.id, existing.id) : 0,
        servedAgain: reverted,
      };
    }
    const now = runtime.now().toISOString();
    const version = (await latestSetVersion(trx, set.id)) + 1;
    const setId = await insertSet(trx, {
      slug: set.id,
      version,
      name: set.name,
      description: set.description ?? null,
      categories_json: JSON.stringify(set.categories),
      models_json: JSON.stringify(set.models),
      content_hash: hash,
      status: 'active',
      created_at: now,
    });
    await makeCurrentVersion(trx, set.id, setId);
    const pausedCampaigns = await pauseCampaignsOfOtherVersions(trx, set.id, setId);
    const modelIds = await ensureModels(trx, set.models, now);
    const questionIds = await insertQuestions(
      trx,
      setId,
      set.questions.map((q, position) => ({
        set_id: setId,
        external_id: q.id,
        position,
        category: q.category,
        language: q.language,
        turns_json: JSON.stringify(q.turns),
      })),
    );
    const idOf = (map: Map<string, number>, key: string) => {
      const id = map.get(key);
      if (id === undefined) throw new Error(`import lost track of ${key}`);
      return id;
    };
    await insertAnswers(
      trx,
      set.questions.flatMap((q) =>
        Object.entries(q.answers).map(([model, turns]) => ({
          question_id: idOf(questionIds, q.id),
          model_id: idOf(modelIds, model),
          turns_json: JSON.stringify(turns),
        })),
      ),
    );

    const pairs: [number, number][] = [];
    const ids = modelNames.map((name) => idOf(modelIds, name));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [x, y] = [ids[i] as number, ids[j] as number];
        pairs.push(x < y ? [x, y] : [y, x]);
      }
    }
    const overlapPairByQuestion = new Map<string, [number, number]>(
      sample(set.questions, options.overlapItems, runtime.random).map((q) => [
        q.id,
        pairs[Math.floor(runtime.random() * pairs.length)] as [number, number],
      ]),
    );
    const cells = set.questions.flatMap((q) => {
      const overlapPair = overlapPairByQuestion.get(q.id);
      return pairs.map(([low, high]) => ({
        set_id: setId,
        question_id: idOf(questionIds, q.id),
        model_low_id: low,
        model_high_id: high,
        is_overlap: overlapPair?.[0] === low && overlapPair[1] === high ? 1 : 0,
        shuffle_key: Math.floor(runtime.random() * 2 ** 31),
      }));
    });
    await insertCells(trx, cells);
    return {
      setId,
      slug: set.id,
      version,
      created: true,
      questions: set.questions.length,
      models: modelNames.length,
      cells: cells.length,
      overlapCells: overlapPairByQuestion.size,
      pausedCampaigns,
      servedAgain: false,
    };
  });
}

/** What importing `set` would do, without writing anything. */
export async function previewQuestionSet(db: Kysely<Database>, set: QuestionSetFile): Promise<QuestionSetPreview> {
  const existing = await findSetBySlugAndHash(db, set.id, contentHash(set));
  const version = existing?.version ?? (await latestSetVersion(db, set.id)) + 1;
  const perCategory = new Map<string, number>();
  for (const q of set.questions) perCategory.set(q.category, (perCategory.get(q.category) ?? 0) + 1);
  const models = set.models.map((m) => m.name);
  return {
    slug: set.id,
    name: set.name,
    version,
    alreadyImported: existing !== undefined,
    archived: existing?.status === 'archived',
    models,
    categories: [...perCategory].map(([id, questions]) => ({ id, questions })),
    questions: set.questions.length,
    cells: (set.questions.length * models.length * (models.length - 1)) / 2,
    multiTurnQuestions: set.questions.filter((q) => q.turns.length > 1).length,
    sample: set.questions.slice(0, 3).map((q) => ({ id: q.id, category: q.category, turns: q.turns })),
  };
}

import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/database.js';
import { PerDatabaseCache } from '../db/per-database-cache.js';
import { prepare, type Param } from '../db/prepared-query.js';

const raterByTokenHash = prepare((db, param: Param<{ tokenHash: string }>) =>
  db.selectFrom('raters').select(['id', 'pseudonym']).where('token_hash', '=', param('tokenHash')),
);

/** A rater's id and pseudonym never change, and every rater request looks them up by the cookie's token. */
const raterByTokenCache = new PerDatabaseCache<string, { id: number; pseudonym: string }>();

export async function findRaterByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return raterByTokenCache.get(db, tokenHash, () => raterByTokenHash.first(db, { tokenHash }));
}

export async function findRaterById(db: Kysely<Database>, raterId: number) {
  return db.selectFrom('raters').select(['id', 'pseudonym', 'display_name']).where('id', '=', raterId).executeTakeFirst();
}

export async function insertRater(
  db: Kysely<Database>,
  rater: { tokenHash: string; pseudonym: string; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('raters')
    .values({ token_hash: rater.tokenHash, pseudonym: rater.pseudonym, display_name: null, created_at: rater.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDisplayName(db: Kysely<Database>, raterId: number, displayName: string | null) {
  await db.updateTable('raters').set({ display_name: displayName }).where('id', '=', raterId).execute();
}

/** Which raters an organizer's list shows. */
export interface RaterListFilter {
  /** Leave out raters without a vote: every visitor of the arena becomes a rater. */
  withVotesOnly: boolean;
  excluded: 'only' | 'none' | 'any';
  /** Part of the pseudonym or display name, any case, matched literally; null: no search. */
  search: string | null;
}

/** Pseudonym, display name and exclusion of each rater, with their vote count (one probe of votes_rater_idx each). */
function managedRaterRows(db: Kysely<Database>) {
  return db.selectFrom('raters').select((eb) => [
    'raters.pseudonym',
    'raters.display_name as displayName',
    'raters.created_at as createdAt',
    'raters.excluded_at as excludedAt',
    'raters.excluded_reason as excludedReason',
    eb
      .selectFrom('votes')
      .select((votes) => votes.fn.countAll<number | string>().as('n'))
      .whereRef('votes.rater_id', '=', 'raters.id')
      .as('votes'),
  ]);
}

/** `text` as a LIKE pattern that matches only itself: `%`, `_` and the escape character `\\` each escaped. */
function literalLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Case-insensitive substring match, the same on SQLite and PostgreSQL (whose LIKE is case-sensitive). */
function containsIgnoringCase(column: 'raters.pseudonym' | 'raters.display_name', text: string) {
  const pattern = `%${literalLikePattern(text)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(cast(${pattern} as text)) escape '\\'`;
}

function matching(filter: RaterListFilter) {
  return (eb: ExpressionBuilder<Database, 'raters'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.withVotesOnly) {
      conditions.push(eb.exists(eb.selectFrom('votes').select('votes.id').whereRef('votes.rater_id', '=', 'raters.id')));
    }
    if (filter.excluded === 'only') conditions.push(eb('raters.excluded_at', 'is not', null));
    if (filter.excluded === 'none') conditions.push(eb('raters.excluded_at', 'is', null));
    if (filter.search !== null) {
      conditions.push(eb.or([containsIgnoringCase('raters.pseudonym', filter.search), containsIgnoringCase('raters.display_name', filter.search)]));
    }
    return eb.and(conditions);
  };
}

/** Up to `limit` raters the filter matches, after the pseudonym `after`, in pseudonym order (its unique index). */
export async function listManagedRaterRows(db: Kysely<Database>, filter: RaterListFilter, after: string | null, limit: number) {
  let query = managedRaterRows(db).where(matching(filter));
  if (after !== null) query = query.where('raters.pseudonym', '>', after);
  return query.orderBy('raters.pseudonym').limit(limit).execute();
}

export async function countManagedRaters(db: Kysely<Database>, filter: RaterListFilter): Promise<number> {
  const row = await db
    .selectFrom('raters')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(matching(filter))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findManagedRaterRow(db: Kysely<Database>, pseudonym: string) {
  return managedRaterRows(db).where('raters.pseudonym', '=', pseudonym).executeTakeFirst();
}

export async function findRaterByPseudonym(db: Kysely<Database>, pseudonym: string) {
  return db.selectFrom('raters').select(['id', 'excluded_at']).where('pseudonym', '=', pseudonym).executeTakeFirst();
}

export async function setRaterExclusion(db: Kysely<Database>, raterId: number, excludedAt: string | null, reason: string | null) {
  await db.updateTable('raters').set({ excluded_at: excludedAt, excluded_reason: reason }).where('id', '=', raterId).execute();
}

import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/database.js';

export interface Tally {
  raterId: number;
  setId: number;
  served: number;
  voted: number;
  overlapVoted: number;
}

const ordered = (tallies: Tally[]) => tallies.sort((x, y) => x.raterId - y.raterId || x.setId - y.setId);

/** The rater tallies the server keeps as it serves and counts votes (rater_set_tallies), on either database. */
export async function storedTallies(db: Kysely<Database>): Promise<Tally[]> {
  const rows = await db.selectFrom('rater_set_tallies').selectAll().execute();
  return ordered(
    rows.map((row) => ({ raterId: row.rater_id, setId: row.set_id, served: row.served, voted: row.voted, overlapVoted: row.overlap_voted })),
  );
}

/** The same tallies counted from the assignments themselves. */
export async function talliesFromAssignments(db: Kysely<Database>): Promise<Tally[]> {
  const rows = await db
    .selectFrom('assignments')
    .select((eb) => [
      'rater_id',
      'set_id',
      eb.fn.countAll<string | number>().as('served'),
      eb.fn.count<string | number>('voted_at').as('voted'),
      eb.fn.sum<string | number>(eb.case().when('voted_at', 'is not', null).then(eb.ref('is_overlap')).else(0).end()).as('overlapVoted'),
    ])
    .groupBy(['rater_id', 'set_id'])
    .execute();
  return ordered(
    rows.map((row) => ({
      raterId: row.rater_id,
      setId: row.set_id,
      served: Number(row.served),
      voted: Number(row.voted),
      overlapVoted: Number(row.overlapVoted),
    })),
  );
}

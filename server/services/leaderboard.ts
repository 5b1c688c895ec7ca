import type { Kysely } from 'kysely';
import type { Leaderboard, LeaderboardRow } from '../../shared/schemas/api.js';
import { OVERALL_SCOPE, type Database } from '../db/database.js';
import { leaderboardRows } from '../repositories/ratings.js';

/** Every vote adds one to two models' counts, so a board's vote total is half the sum of its rows'. */
const totalVotes = (rows: readonly LeaderboardRow[]) => rows.reduce((sum, row) => sum + row.votes, 0) / 2;

export async function getLeaderboard(db: Kysely<Database>, category: string | null): Promise<Leaderboard> {
  const rows = await leaderboardRows(db, category ?? OVERALL_SCOPE);
  return { category, totalVotes: totalVotes(rows), models: rows };
}

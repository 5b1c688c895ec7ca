import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { AnalysisVote } from '../../shared/research/reports.js';
import { votePage, type VoteFilter } from '../repositories/research.js';

const PAGE_SIZE = 5000;

/** The arena's vote log in commit order, read page by page, as analysis votes; excluded raters' votes are left out. */
export async function loadArenaVotes(db: Kysely<Database>, filter: VoteFilter): Promise<AnalysisVote[]> {
  const votes: AnalysisVote[] = [];
  let afterId = 0;
  for (;;) {
    const rows = await votePage(db, filter, afterId, PAGE_SIZE);
    for (const row of rows) {
      if (row.raterExcludedAt !== null) continue;
      votes.push({
        rater: row.rater,
        question: `${row.setSlug}@${row.setVersion}/${row.questionId}`,
        modelA: row.modelA,
        modelB: row.modelB,
        outcome: row.choice,
        category: row.category,
        isOverlap: row.isOverlap === 1,
        elapsedMs: row.elapsedMs,
      });
    }
    if (rows.length < PAGE_SIZE) return votes;
    afterId = rows[rows.length - 1]!.id;
  }
}

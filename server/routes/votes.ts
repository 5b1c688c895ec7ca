import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { castVoteRequestSchema, errorBodySchema, voteResultSchema } from '../../shared/schemas/api.js';
import { OVERALL_SCOPE } from '../db/database.js';
import { raterRateLimit, type RateLimits } from '../plugins/rate-limits.js';
import { requireRater, type RaterSessionDeps } from '../plugins/rater-session.js';
import type { BoardNotifier } from '../realtime/board-notifier.js';
import { castVote } from '../services/votes.js';

/** Rater role: only the rater an assignment was served to can vote on it. */
export const voteRoutes: FastifyPluginAsyncZod<{ session: RaterSessionDeps; notifier: BoardNotifier; rateLimits: RateLimits | null }> = async (
  app,
  { session, notifier, rateLimits },
) => {
  app.post(
    '/api/votes',
    { config: { role: 'rater' }, ...raterRateLimit(app, rateLimits), schema: { body: castVoteRequestSchema, response: { 200: voteResultSchema, '4xx': errorBodySchema } } },
    async (request) => {
      const rater = await requireRater(session, request);
      const { assignmentId, choice } = request.body;
      const outcome = await castVote(session.db, session.runtime, rater.id, assignmentId, choice);
      if (outcome.counted) {
        // The vote has committed: a failed live update must not turn it into an error for the rater.
        await notifier
          .boardsChanged(outcome.changedScopes.map((scope) => (scope === OVERALL_SCOPE ? null : scope)))
          .catch((error: unknown) => request.log.error({ err: error }, 'live leaderboard notification failed'));
      }
      return outcome.result;
    },
  );
};

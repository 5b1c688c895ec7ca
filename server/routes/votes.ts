import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { castVoteRequestSchema, errorBodySchema, voteResultSchema } from '../../shared/schemas/api.js';
import { OVERALL_SCOPE } from '../db/database.js';
import { raterRateLimit, type RateLimits } from '../plugins/rate-limits.js';
import { requireRater, type RaterSessionDeps } from '../plugins/rater-session.js';
import type { LeaderboardHub } from '../realtime/leaderboard-hub.js';
import { castVote } from '../services/votes.js';

/** Rater role: only the rater an assignment was served to can vote on it. */
export const voteRoutes: FastifyPluginAsyncZod<{ session: RaterSessionDeps; hub: LeaderboardHub; rateLimits: RateLimits | null }> = async (
  app,
  { session, hub, rateLimits },
) => {
  app.post(
    '/api/votes',
    { config: { role: 'rater', ...raterRateLimit(rateLimits) }, schema: { body: castVoteRequestSchema, response: { 200: voteResultSchema, '4xx': errorBodySchema } } },
    async (request) => {
      const rater = await requireRater(session, request);
      const { assignmentId, choice } = request.body;
      const outcome = await castVote(session.db, session.runtime, rater.id, assignmentId, choice);
      if (outcome.counted) {
        hub.boardsChanged(outcome.changedScopes.map((scope) => (scope === OVERALL_SCOPE ? null : scope)));
      }
      return outcome.result;
    },
  );
};

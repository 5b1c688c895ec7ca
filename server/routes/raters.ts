import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, meSchema, nextResponseSchema, updateMeRequestSchema } from '../../shared/schemas/api.js';
import { raterRateLimit, type RateLimits } from '../plugins/rate-limits.js';
import { raterOrNew, type RaterSessionDeps } from '../plugins/rater-session.js';
import { nextAssignment, type SchedulingOptions } from '../services/assignments.js';
import { describeRater, renameRater } from '../services/raters.js';

export interface RaterRoutesOptions {
  session: RaterSessionDeps;
  scheduling: SchedulingOptions;
  rateLimits: RateLimits | null;
}

const rater = { role: 'rater' } as const;

/** Rater role: anyone; the cookie makes them a pseudonymous rater. */
export const raterRoutes: FastifyPluginAsyncZod<RaterRoutesOptions> = async (app, { session, scheduling, rateLimits }) => {
  app.get(
    '/api/next',
    { config: rater, ...raterRateLimit(app, rateLimits), schema: { response: { 200: nextResponseSchema, '4xx': errorBodySchema } } },
    async (request, reply) => {
      const rater = await raterOrNew(session, request, reply);
      reply.header('cache-control', 'no-store');
      return nextAssignment(session.db, session.runtime, scheduling, rater.id);
    },
  );

  app.get('/api/me', { config: rater, schema: { response: { 200: meSchema } } }, async (request, reply) => {
    const rater = await raterOrNew(session, request, reply);
    reply.header('cache-control', 'no-store');
    return describeRater(session.db, rater.id);
  });

  app.put(
    '/api/me',
    { config: rater, schema: { body: updateMeRequestSchema, response: { 200: meSchema, '4xx': errorBodySchema } } },
    async (request, reply) => {
      const rater = await raterOrNew(session, request, reply);
      return renameRater(session.db, rater.id, request.body.displayName);
    },
  );
};

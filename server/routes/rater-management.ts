import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  errorBodySchema,
  exclusionRequestSchema,
  exclusionResultSchema,
  managedRaterListQuerySchema,
  managedRaterListSchema,
  raterVotesQuerySchema,
  raterVotesSchema,
} from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import type { BoardNotifier } from '../realtime/board-notifier.js';
import type { Runtime } from '../runtime.js';
import { listManagedRaters, listRaterVotes, setExclusion } from '../services/rater-management.js';

const organizer = { role: 'organizer' } as const;

/** Organizer: see raters and exclude their votes from results (reversibly). */
export const raterManagementRoutes: FastifyPluginAsyncZod<{ db: Kysely<Database>; runtime: Runtime; notifier: BoardNotifier }> = async (
  app,
  { db, runtime, notifier },
) => {
  app.get(
    '/api/raters',
    { config: organizer, schema: { querystring: managedRaterListQuerySchema, response: { 200: managedRaterListSchema, '4xx': errorBodySchema } } },
    async (request) => listManagedRaters(db, request.query),
  );

  app.get(
    '/api/raters/:pseudonym/votes',
    {
      config: organizer,
      schema: {
        params: z.strictObject({ pseudonym: z.string().max(64) }),
        querystring: raterVotesQuerySchema,
        response: { 200: raterVotesSchema, '4xx': errorBodySchema },
      },
    },
    async (request) => listRaterVotes(db, request.params.pseudonym, request.query.after, request.query.limit),
  );

  app.put(
    '/api/raters/:pseudonym/exclusion',
    {
      config: organizer,
      schema: {
        params: z.strictObject({ pseudonym: z.string().max(64) }),
        body: exclusionRequestSchema,
        response: { 200: exclusionResultSchema, '4xx': errorBodySchema },
      },
    },
    async (request) => {
      const result = await setExclusion(db, runtime, request.params.pseudonym, request.body);
      if (result.ratingsRebuilt) {
        // The exclusion and the rebuild have committed: a failed live update must not turn them into an error (a retry
        // would find nothing to rebuild, and so would send no update either).
        await notifier.allBoardsChanged().catch((error: unknown) => request.log.error({ err: error }, 'live board notification failed'));
      }
      return result;
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { categoryIdSchema } from '../../shared/schemas/question-set.js';
import type { Database } from '../db/database.js';
import { requireResearcher, type RoleDigests } from '../plugins/roles.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FILE_EXTENSIONS, exportVotes } from '../services/vote-export.js';

export const voteFilterQuerySchema = z.strictObject({
  set: z.string().max(64).optional(),
  category: categoryIdSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

const exportQuerySchema = voteFilterQuerySchema.extend({ format: z.enum(['csv', 'jsonl', 'arena']).default('csv') });

/** ISO instants with an offset, normalized to the UTC form votes are stored in, so text comparison is time order. */
const toUtc = (instant: string | undefined) => (instant === undefined ? undefined : new Date(instant).toISOString());

/** Researcher role (or organizer token; or anyone when results are public). */
export const researchRoutes: FastifyPluginAsyncZod<{ db: Kysely<Database>; roles: RoleDigests }> = async (
  app,
  { db, roles },
) => {
  app.addHook('onRequest', async (request) => requireResearcher(roles, request));

  app.get('/api/export/votes', { schema: { querystring: exportQuerySchema } }, async (request, reply) => {
    const { format, set, category, from, to } = request.query;
    const filter = { setSlug: set, category, from: toUtc(from), to: toUtc(to) };
    reply
      .type(EXPORT_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="votes.${EXPORT_FILE_EXTENSIONS[format]}"`)
      .header('cache-control', 'no-store');
    return reply.send(Readable.from(exportVotes(db, filter, format)));
  });
};

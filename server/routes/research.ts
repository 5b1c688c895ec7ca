import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { categoryIdSchema } from '../../shared/schemas/question-set.js';
import type { Database } from '../db/database.js';
import { detectExternalLogFormat, type ExternalLogFormat } from '../../shared/research/external-log.js';
import { toCsv } from '../../shared/rating/win-rates.js';
import { errorBodySchema } from '../../shared/schemas/api.js';
import {
  analysisReportSchema,
  consistencyReportSchema,
  heatmapQuerySchema,
  heatmapReportSchema,
  raterReportSchema,
  ratingsQuerySchema,
  ratingsReportSchema,
} from '../../shared/schemas/research.js';
import type { ReportRunner } from '../services/report-runner.js';
import { arenaConsistency, arenaHeatmap, arenaRaters, arenaRatings } from '../services/research.js';
import { decodeUtf8Body } from '../plugins/json-body.js';
import { uploadRateLimit, type RateLimits } from '../plugins/rate-limits.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FILE_EXTENSIONS, exportVotes } from '../services/vote-export.js';

export const voteFilterQuerySchema = z.strictObject({
  set: z.string().max(64).optional(),
  category: categoryIdSchema.optional(),
  rater: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

const consistencyQuerySchema = ratingsQuerySchema.pick({ set: true, category: true, rounds: true, seed: true });
const analyzeQuerySchema = ratingsQuerySchema.omit({ set: true, category: true }).extend({ ties: z.enum(['half', 'exclude']).default('half') });

const exportQuerySchema = voteFilterQuerySchema.extend({ format: z.enum(['csv', 'jsonl', 'arena']).default('csv') });

/** ISO instants with an offset, normalized to the UTC form votes are stored in, so text comparison is time order. */
const toUtc = (instant: string | undefined) => (instant === undefined ? undefined : new Date(instant).toISOString());

const researcher = { role: 'researcher' } as const;

/** Researcher role (or organizer token; or anyone when results are public). */
export const researchRoutes: FastifyPluginAsyncZod<{
  db: Kysely<Database>;
  reports: ReportRunner;
  uploadLimitBytes: number;
  rateLimits: RateLimits | null;
}> = async (app, { db, reports, uploadLimitBytes, rateLimits }) => {
  // Vote by vote, with questions and pairs: public results must not open it, since an overlap item's question has one
  // fixed pair, which a rater served it could look up before voting. The reports below are aggregates.
  app.get('/api/export/votes', { config: { role: 'researcher-token' }, schema: { querystring: exportQuerySchema } }, async (request, reply) => {
    const { format, set, category, rater, from, to } = request.query;
    const filter = { setSlug: set, category, rater, from: toUtc(from), to: toUtc(to) };
    reply
      .type(EXPORT_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="votes.${EXPORT_FILE_EXTENSIONS[format]}"`)
      .header('cache-control', 'no-store');
    return reply.send(Readable.from(exportVotes(db, filter, format)));
  });

  const filterOf = (query: { set?: string | undefined; category?: string | undefined }) => ({ setSlug: query.set, category: query.category });

  app.get(
    '/api/research/ratings',
    { config: researcher, schema: { querystring: ratingsQuerySchema, response: { 200: ratingsReportSchema, '4xx': errorBodySchema } } },
    async (request) => arenaRatings(db, reports, filterOf(request.query), request.query),
  );

  app.get(
    '/api/research/heatmap',
    { config: researcher, schema: { querystring: heatmapQuerySchema } },
    async (request, reply) => {
      const report = await arenaHeatmap(db, filterOf(request.query), request.query.ties);
      if (request.query.format === 'json') return heatmapReportSchema.parse(report);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="win-rates${request.query.category ? `-${request.query.category}` : ''}.csv"`)
        .send(toCsv(report));
    },
  );

  app.get(
    '/api/research/consistency',
    { config: researcher, schema: { querystring: consistencyQuerySchema, response: { 200: consistencyReportSchema, '4xx': errorBodySchema } } },
    async (request) => arenaConsistency(db, reports, filterOf(request.query), request.query),
  );

  app.get(
    '/api/research/raters',
    { config: researcher, schema: { querystring: voteFilterQuerySchema.pick({ set: true, category: true }), response: { 200: raterReportSchema } } },
    async (request) => arenaRaters(db, filterOf(request.query)),
  );

  /** The same analyses on a vote log from elsewhere, sent as the request body. */
  await app.register(async (plugin) => {
    const external = plugin.withTypeProvider<ZodTypeProvider>();
    for (const [contentType, format] of [
      ['text/csv', 'csv'],
      ['application/x-ndjson', 'jsonl'],
      ['application/jsonl', 'jsonl'],
      ['application/json', 'json'],
      ['text/plain', 'auto'],
    ] as const) {
      if (external.hasContentTypeParser(contentType)) external.removeContentTypeParser(contentType);
      external.addContentTypeParser(contentType, { parseAs: 'buffer', bodyLimit: uploadLimitBytes }, (_request, body, done) => {
        try {
          done(null, { text: decodeUtf8Body(body as Buffer, 'the vote log'), format });
        } catch (error) {
          done(error as Error);
        }
      });
    }
    external.post(
      '/api/research/analyze',
      {
        config: { ...researcher, ...uploadRateLimit(rateLimits) },
        bodyLimit: uploadLimitBytes,
        schema: { querystring: analyzeQuerySchema, response: { 200: analysisReportSchema, '4xx': errorBodySchema } },
      },
      async (request) => {
        const { text, format } = request.body as { text: string; format: ExternalLogFormat | 'auto' };
        return reports.run({ kind: 'analyze', text, format: format === 'auto' ? detectExternalLogFormat(text) : format, options: request.query });
      },
    );
  });
};

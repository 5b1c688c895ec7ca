import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  errorBodySchema,
  importResultSchema,
  questionSetListSchema,
  questionSetPreviewSchema,
  rowIdParamSchema,
} from '../../shared/schemas/api.js';
import { questionSetFileSchema } from '../../shared/schemas/question-set.js';
import type { Database } from '../db/database.js';
import { ArenaError } from '../errors.js';
import { listSetSummaries } from '../repositories/question-sets.js';
import { decodeUtf8Body } from '../plugins/json-body.js';
import { uploadRateLimit, type RateLimits } from '../plugins/rate-limits.js';
import type { BoardNotifier } from '../realtime/board-notifier.js';
import type { Runtime } from '../runtime.js';
import { exportQuestionSet, questionSetToCsv, questionSetToMtBenchZip } from '../services/question-set-export.js';
import { questionSetFromCsv, questionSetFromZip } from '../services/question-set-upload.js';
import { importQuestionSet, parseQuestionSetText, previewQuestionSet } from '../services/question-sets.js';

export interface QuestionSetRoutesOptions {
  db: Kysely<Database>;
  runtime: Runtime;
  overlapItems: number;
  uploadLimitBytes: number;
  rateLimits: RateLimits | null;
  notifier: BoardNotifier;
}

/** Slug and name for formats that carry none; unset, MT-Bench uploads are "mt-bench" and CSV ones "spreadsheet". */
const uploadQuerySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/).optional(),
  name: z.string().min(1).max(200).optional(),
});

const isCsvBody = (body: unknown): body is { csv: Buffer } => typeof body === 'object' && body !== null && 'csv' in body;

const decodeUpload = (bytes: Buffer) => decodeUtf8Body(bytes, 'the upload');

function unsupported(): never {
  throw new ArenaError(415, 'UNSUPPORTED_CONTENT', 'send a question set as application/json, text/csv or application/zip');
}

/** The file format as JSON Schema, generated from the zod schema (cross-field rules are checked on upload only). */
const questionSetJsonSchema = z.toJSONSchema(questionSetFileSchema, { io: 'input', unrepresentable: 'any' });

export const questionSetRoutes: FastifyPluginAsyncZod<QuestionSetRoutesOptions> = async (app, options) => {
  const { db, runtime } = options;
  const organizer = { role: 'organizer' as const, ...uploadRateLimit(options.rateLimits) };

  // Uploads are kept as text: a problem is reported with its line in the file, which a parsed object has lost.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: options.uploadLimitBytes },
    (_request, body, done) => {
      try {
        done(null, decodeUtf8Body(body as Buffer, 'the upload'));
      } catch (error) {
        done(error as Error);
      }
    },
  );
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: options.uploadLimitBytes },
    (_request, body, done) => done(null, { csv: body }),
  );
  app.addContentTypeParser(
    ['application/zip', 'application/x-zip-compressed'],
    { parseAs: 'buffer', bodyLimit: options.uploadLimitBytes },
    (_request, body, done) => done(null, body),
  );

  /** Public: organizers validate files against it before uploading. */
  app.get('/api/schema/question-set.json', { config: { role: 'public' } }, async () => questionSetJsonSchema);

  /** Organizer or researcher. */
  app.get('/api/question-sets', { config: { role: 'researcher' }, schema: { response: { 200: questionSetListSchema } } }, async () => ({
    sets: await listSetSummaries(db),
  }));

  const parseUpload = (request: { body: unknown; query: z.infer<typeof uploadQuerySchema> }) => {
    const { body } = request;
    if (typeof body === 'string') return parseQuestionSetText(body);
    const { id, name } = request.query;
    const given = { ...(id === undefined ? {} : { id }), ...(name === undefined ? {} : { name }) };
    if (Buffer.isBuffer(body)) return questionSetFromZip(body, given, options.uploadLimitBytes);
    if (isCsvBody(body)) return questionSetFromCsv(decodeUpload(body.csv), given);
    return unsupported();
  };
  const uploadSchema = { querystring: uploadQuerySchema };

  /**
   * Organizer: the project's own format as application/json, the flat spreadsheet format as text/csv, or a .zip
   * (application/zip) holding FastChat's MT-Bench layout or one question-set .json or .csv.
   * The same content again is a no-op (200), new content 201.
   */
  app.post(
    '/api/question-sets',
    {
      config: organizer,
      bodyLimit: options.uploadLimitBytes,
      schema: { ...uploadSchema, response: { 200: importResultSchema, 201: importResultSchema, '4xx': errorBodySchema } },
    },
    async (request, reply) => {
      const set = parseUpload(request);
      const result = await importQuestionSet(db, runtime, set, { overlapItems: options.overlapItems });
      if (result.pausedCampaigns > 0) {
        // The import has committed: a failed live update must not turn it into an error.
        await options.notifier.campaignsChanged().catch((error: unknown) => request.log.error({ err: error }, 'campaign change notification failed'));
      }
      const [summary] = await listSetSummaries(db, result.setId);
      reply.status(result.created ? 201 : 200);
      return { created: result.created, servedAgain: result.servedAgain, set: summary!, pausedCampaigns: result.pausedCampaigns };
    },
  );

  /** Researcher (or organizer): a stored set version as a file, in any of the formats uploads accept. */
  app.get(
    '/api/question-sets/:id/export',
    {
      // Answers by model: public results must not open it, or a rater could look up who wrote the answers shown.
      config: { role: 'researcher-token' },
      schema: {
        params: z.strictObject({ id: rowIdParamSchema }),
        querystring: z.strictObject({ format: z.enum(['json', 'csv', 'mt-bench']).default('json') }),
      },
    },
    async (request, reply) => {
      const set = await exportQuestionSet(db, request.params.id);
      const file = `${set.id}`;
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`).send(questionSetToCsv(set));
      }
      if (request.query.format === 'mt-bench') {
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="${file}-mt-bench.zip"`)
          .send(Buffer.from(questionSetToMtBenchZip(set)));
      }
      return reply.header('content-disposition', `attachment; filename="${file}.json"`).send(set);
    },
  );

  /** Organizer: what an upload would import, or every problem it has; writes nothing. */
  app.post(
    '/api/question-sets/preview',
    {
      config: organizer,
      bodyLimit: options.uploadLimitBytes,
      schema: { ...uploadSchema, response: { 200: questionSetPreviewSchema, '4xx': errorBodySchema } },
    },
    async (request) => previewQuestionSet(db, parseUpload(request)),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  acceptInviteRequestSchema,
  acceptInviteResponseSchema,
  campaignSchema,
  campaignStatusSchema,
  createCampaignRequestSchema,
  createInviteRequestSchema,
  errorBodySchema,
  inviteSchema,
  rowIdParamSchema,
} from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import type { BoardNotifier } from '../realtime/board-notifier.js';
import type { Runtime } from '../runtime.js';
import { raterOrNew, type RaterSessionDeps } from '../plugins/rater-session.js';
import { acceptInvite, changeCampaignStatus, createCampaign, createInvite, listCampaignSummaries } from '../services/campaigns.js';

const organizer = { role: 'organizer' } as const;

/** Organizer: run the arena as campaigns. Once one exists, only running campaigns are served. */
export const campaignRoutes: FastifyPluginAsyncZod<{
  db: Kysely<Database>;
  runtime: Runtime;
  session: RaterSessionDeps;
  notifier: BoardNotifier;
}> = async (app, { db, runtime, session, notifier }) => {
  app.get('/api/campaigns', { config: organizer, schema: { response: { 200: z.object({ campaigns: z.array(campaignSchema) }) } } }, async () => ({
    campaigns: await listCampaignSummaries(db),
  }));

  app.post(
    '/api/campaigns',
    { config: organizer, schema: { body: createCampaignRequestSchema, response: { 201: campaignSchema, '4xx': errorBodySchema } } },
    async (request, reply) => {
      reply.status(201);
      return createCampaign(db, runtime, request.body);
    },
  );

  app.put(
    '/api/campaigns/:id/status',
    {
      config: organizer,
      schema: {
        params: z.strictObject({ id: rowIdParamSchema }),
        body: z.strictObject({ status: campaignStatusSchema }),
        response: { 200: campaignSchema, '4xx': errorBodySchema },
      },
    },
    async (request) => {
      const campaign = await changeCampaignStatus(db, request.params.id, request.body.status);
      // The change has committed: a failed live update must not turn it into an error.
      await notifier.campaignsChanged().catch((error: unknown) => request.log.error({ err: error }, 'campaign change notification failed'));
      return campaign;
    },
  );

  app.post(
    '/api/campaigns/:id/invites',
    {
      config: organizer,
      schema: {
        params: z.strictObject({ id: rowIdParamSchema }),
        body: createInviteRequestSchema,
        response: { 201: inviteSchema, '4xx': errorBodySchema },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createInvite(db, runtime, request.params.id, request.body.maxUses);
    },
  );

  /** Rater: joins the campaign behind an invite link (a new rater gets a cookie, as on /api/next). */
  app.post(
    '/api/invites/accept',
    { config: { role: 'rater' }, schema: { body: acceptInviteRequestSchema, response: { 200: acceptInviteResponseSchema, '4xx': errorBodySchema } } },
    async (request, reply) => {
      const rater = await raterOrNew(session, request, reply);
      return acceptInvite(db, runtime, rater.id, request.body.code);
    },
  );
};

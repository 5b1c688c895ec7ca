import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { campaignSchema, campaignStatusSchema, createCampaignRequestSchema, errorBodySchema } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import type { Runtime } from '../runtime.js';
import { changeCampaignStatus, createCampaign, listCampaignSummaries } from '../services/campaigns.js';

const organizer = { role: 'organizer' } as const;

/** Organizer: run the arena as campaigns. Once one exists, only running campaigns are served. */
export const campaignRoutes: FastifyPluginAsyncZod<{ db: Kysely<Database>; runtime: Runtime }> = async (app, { db, runtime }) => {
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
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
        body: z.strictObject({ status: campaignStatusSchema }),
        response: { 200: campaignSchema, '4xx': errorBodySchema },
      },
    },
    async (request) => changeCampaignStatus(db, request.params.id, request.body.status),
  );
};

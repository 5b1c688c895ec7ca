import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { errorBodySchema } from '../../shared/schemas/api.js';
import { progressQuerySchema, progressSnapshotSchema, type ProgressLiveMessage } from '../../shared/schemas/progress.js';
import type { Database } from '../db/database.js';
import type { ProgressHub } from '../realtime/progress-hub.js';
import type { Runtime } from '../runtime.js';
import { progressScope, progressSnapshot } from '../services/progress.js';

const organizer = { role: 'organizer' } as const;

/** Organizer: where a campaign, or every active set, stands; and the same live over a WebSocket. */
export const progressRoutes: FastifyPluginAsyncZod<{ db: Kysely<Database>; runtime: Runtime; hub: ProgressHub }> = async (
  app,
  { db, runtime, hub },
) => {
  app.get(
    '/api/progress',
    { config: organizer, schema: { querystring: progressQuerySchema, response: { 200: progressSnapshotSchema, '4xx': errorBodySchema } } },
    async (request) => progressSnapshot(db, runtime, request.query.campaign ?? null),
  );

  app.get(
    '/api/progress/live',
    {
      websocket: true,
      config: organizer,
      schema: { querystring: progressQuerySchema },
      // Before the upgrade, so an unknown campaign is an HTTP 404 rather than a socket that closes.
      preHandler: async (request) => {
        await progressScope(db, request.query.campaign ?? null);
      },
    },
    async (socket, request) => {
      const scope = request.query.campaign ?? null;
      hub.watch(scope, socket);
      // The first message is the snapshot as it is now, so a client needs nothing else to start.
      const message: ProgressLiveMessage = { type: 'progress', progress: await progressSnapshot(db, runtime, scope) };
      socket.send(JSON.stringify(message));
    },
  );
};

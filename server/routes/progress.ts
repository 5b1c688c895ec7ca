import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { errorBodySchema } from '../../shared/schemas/api.js';
import { progressQuerySchema, progressSnapshotSchema } from '../../shared/schemas/progress.js';
import type { Database } from '../db/database.js';
import { sendLatest, type SocketHeartbeat } from '../realtime/live-socket.js';
import type { ProgressHub } from '../realtime/progress-hub.js';
import { progressMessageJson, progressSnapshotJson } from '../realtime/progress-json.js';
import type { Runtime } from '../runtime.js';
import { progressScope, progressSnapshot } from '../services/progress.js';
import type { ProgressTallies } from '../services/progress-tally.js';

const organizer = { role: 'organizer' } as const;

/** Organizer: where a campaign, or every active set, stands; and the same live over a WebSocket. */
export interface ProgressRoutesOptions {
  db: Kysely<Database>;
  runtime: Runtime;
  hub: ProgressHub;
  tallies: ProgressTallies;
  heartbeat: SocketHeartbeat;
}

export const progressRoutes: FastifyPluginAsyncZod<ProgressRoutesOptions> = async (app, { db, runtime, hub, tallies, heartbeat }) => {
  app.get(
    '/api/progress',
    { config: organizer, schema: { querystring: progressQuerySchema, response: { 200: progressSnapshotSchema, '4xx': errorBodySchema } } },
    async (request, reply) => {
      const snapshot = await progressSnapshot(db, runtime, tallies, request.query.campaign ?? null);
      // Serialized as the live messages are, a chunk of rows per turn. zod's check of every row took half a second
      // for 10,000 raters, all of it a stall for the votes; the snapshot is built field by field, and the tests
      // parse every one with the schema.
      const text = await progressSnapshotJson(snapshot);
      return reply.type('application/json; charset=utf-8').serializer(() => text).send(snapshot);
    },
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
      heartbeat.watch(socket);
      // The first message is the snapshot as it is now, so a client needs nothing else to start.
      sendLatest(socket, await progressMessageJson(await progressSnapshot(db, runtime, tallies, scope)));
    },
  );
};

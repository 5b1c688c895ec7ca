import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { categoriesResponseSchema, errorBodySchema, leaderboardQuerySchema, leaderboardSchema } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import type { LeaderboardHub } from '../realtime/leaderboard-hub.js';
import { sendLatest, type SocketHeartbeat } from '../realtime/live-socket.js';
import { listCategories } from '../services/categories.js';
import { getLeaderboard } from '../services/leaderboard.js';

/** Public: the leaderboard, its live feed over a WebSocket, and the categories it can be asked for. */
export const leaderboardRoutes: FastifyPluginAsyncZod<{ db: Kysely<Database>; hub: LeaderboardHub; heartbeat: SocketHeartbeat }> = async (
  app,
  { db, hub, heartbeat },
) => {
  app.get(
    '/api/leaderboard',
    { config: { role: 'public' }, schema: { querystring: leaderboardQuerySchema, response: { 200: leaderboardSchema, '4xx': errorBodySchema } } },
    async (request) => getLeaderboard(db, request.query.category ?? null),
  );

  app.get(
    '/api/categories',
    { config: { role: 'public' }, schema: { response: { 200: categoriesResponseSchema } } },
    async () => listCategories(db),
  );

  app.get(
    '/api/live',
    { websocket: true, config: { role: 'public' }, schema: { querystring: leaderboardQuerySchema } },
    async (socket, request) => {
      const category = request.query.category ?? null;
      hub.watch(category, socket);
      heartbeat.watch(socket);
      // The first message is the board as it is now, so a client needs nothing else to start.
      sendLatest(socket, JSON.stringify({ type: 'leaderboard', board: await getLeaderboard(db, category) }));
    },
  );
};

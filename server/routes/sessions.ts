import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { errorBodySchema } from '../../shared/schemas/api.js';
import type { Database } from '../db/database.js';
import type { RoleDigests } from '../plugins/roles.js';
import type { Runtime } from '../runtime.js';
import { SESSION_HOURS, sessionRole, signIn, signOut } from '../services/sessions.js';

export const SESSION_COOKIE = 'arena_session';
const sessionSchema = z.object({ role: z.enum(['organizer', 'researcher']).nullable() });

/** Anyone may try to sign in; the token decides the role. */
export const sessionRoutes: FastifyPluginAsyncZod<{ db: Kysely<Database>; runtime: Runtime; roles: RoleDigests; cookieSecure: boolean }> = async (
  app,
  { db, runtime, roles, cookieSecure },
) => {
  const publicRoute = { role: 'public' } as const;

  app.post(
    '/api/session',
    {
      config: publicRoute,
      schema: { body: z.strictObject({ token: z.string().min(1).max(512) }), response: { 200: sessionSchema, '4xx': errorBodySchema } },
    },
    async (request, reply) => {
      const { secret, role } = await signIn(db, runtime, roles, request.body.token);
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/api',
        httpOnly: true,
        sameSite: 'strict',
        secure: cookieSecure,
        maxAge: SESSION_HOURS * 3600,
      });
      return { role };
    },
  );

  app.get('/api/session', { config: publicRoute, schema: { response: { 200: sessionSchema } } }, async (request) => ({
    role: await sessionRole(db, runtime, roles, request.cookies[SESSION_COOKIE]),
  }));

  app.delete('/api/session', { config: publicRoute, schema: { response: { 200: sessionSchema } } }, async (request, reply) => {
    await signOut(db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/api' });
    return { role: null };
  });
};

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { unauthorized } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { createRater, findRater, type RaterIdentity } from '../services/raters.js';

export const RATER_COOKIE = 'arena_rater';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export interface RaterSessionDeps {
  db: Kysely<Database>;
  runtime: Runtime;
  cookieSecure: boolean;
}

/** The rater behind the request's cookie; a request without a known cookie becomes a new pseudonymous rater. */
export async function raterOrNew(deps: RaterSessionDeps, request: FastifyRequest, reply: FastifyReply): Promise<RaterIdentity> {
  const known = await findRater(deps.db, request.cookies[RATER_COOKIE]);
  if (known) return known;
  const { rater, token } = await createRater(deps.db, deps.runtime);
  reply.setCookie(RATER_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.cookieSecure,
    maxAge: ONE_YEAR_SECONDS,
  });
  return rater;
}

/** For requests that only make sense from an existing rater, such as a vote. */
export async function requireRater(deps: RaterSessionDeps, request: FastifyRequest): Promise<RaterIdentity> {
  const known = await findRater(deps.db, request.cookies[RATER_COOKIE]);
  if (!known) throw unauthorized('RATER_REQUIRED', `no rater cookie: fetch an item with GET /api/next first`);
  return known;
}

import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../sha256.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { ArenaError } from '../errors.js';
import { tokenDigest, type RoleDigests } from '../plugins/roles.js';
import { deleteSession, findLiveSession, insertSession } from '../repositories/sessions.js';
import type { Runtime } from '../runtime.js';

export type SessionRole = 'organizer' | 'researcher';

export const SESSION_HOURS = 12;
const hashOf = sha256Hex;
const matches = (given: Buffer, expected: Buffer | null) => expected !== null && timingSafeEqual(given, expected);
/** What a session keeps of its token: a hash of the token's digest, never the token. */
const tokenHashOf = (digest: Buffer) => sha256Hex(digest.toString('hex'));

/** Trades an organizer or research token for a session: the token is sent once, the browser keeps a cookie. */
export async function signIn(
  db: Kysely<Database>,
  runtime: Runtime,
  roles: RoleDigests,
  token: string,
): Promise<{ secret: string; role: SessionRole }> {
  const given = tokenDigest(token);
  const role: SessionRole | null = matches(given, roles.admin) ? 'organizer' : matches(given, roles.research) ? 'researcher' : null;
  if (role === null) throw new ArenaError(403, 'FORBIDDEN', 'this token grants no role', [{ field: 'token', reason: 'not an organizer or research token' }]);
  const secret = runtime.secureToken(32);
  const now = runtime.now();
  await insertSession(db, {
    id_hash: hashOf(secret),
    role,
    token_hash: tokenHashOf(given),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  });
  return { secret, role };
}

/** The role of a live session, as long as the token it was traded for still grants that role. */
export async function sessionRole(
  db: Kysely<Database>,
  runtime: Runtime,
  roles: RoleDigests,
  secret: string | undefined,
): Promise<SessionRole | null> {
  if (!secret) return null;
  const session = await findLiveSession(db, hashOf(secret), runtime.now().toISOString());
  if (session === undefined) return null;
  const current = session.role === 'organizer' ? roles.admin : roles.research;
  return current !== null && session.token_hash === tokenHashOf(current) ? session.role : null;
}

export async function signOut(db: Kysely<Database>, secret: string | undefined): Promise<void> {
  if (secret) await deleteSession(db, hashOf(secret));
}

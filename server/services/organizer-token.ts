import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { RoleDigests, RoleTokens } from '../plugins/roles.js';
import { tokenDigest } from '../plugins/roles.js';
import { writeSettingOnce } from '../repositories/settings.js';
import type { Runtime } from '../runtime.js';

const ADMIN_TOKEN_KEY = 'admin_token_sha256';

/**
 * The organizer token is ARENA_ADMIN_TOKEN when set. Otherwise one is generated on the first start, only its digest is
 * stored, and `announce` is called once with the token itself: whoever started the server must note it then.
 */
export async function resolveRoleDigests(
  db: Kysely<Database>,
  runtime: Runtime,
  tokens: RoleTokens,
  announce: (token: string) => void,
): Promise<RoleDigests> {
  let admin: Buffer;
  if (tokens.adminToken !== null) {
    admin = tokenDigest(tokens.adminToken);
  } else {
    const candidate = runtime.secureToken(24);
    const candidateHex = tokenDigest(candidate).toString('hex');
    const storedHex = await writeSettingOnce(db, ADMIN_TOKEN_KEY, candidateHex);
    if (storedHex === candidateHex) announce(candidate);
    admin = Buffer.from(storedHex, 'hex');
  }
  return {
    admin,
    research: tokens.researchToken === null ? null : tokenDigest(tokens.researchToken),
    resultsPublic: tokens.resultsPublic,
  };
}

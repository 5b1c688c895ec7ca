import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { findRaterById, findRaterByTokenHash, insertRater, updateDisplayName } from '../repositories/raters.js';
import type { Runtime } from '../runtime.js';
import { sha256Hex } from '../sha256.js';
import { raterProgress } from './assignments.js';
import type { Me } from '../../shared/schemas/api.js';

export interface RaterIdentity {
  id: number;
  pseudonym: string;
}

/** The cookie holds a secret token; the database keeps only its hash, so a leaked database cannot impersonate raters. */
const hashToken = sha256Hex;

export async function findRater(db: Kysely<Database>, token: string | undefined): Promise<RaterIdentity | null> {
  if (!token) return null;
  const rater = await findRaterByTokenHash(db, hashToken(token));
  return rater ? { id: rater.id, pseudonym: rater.pseudonym } : null;
}

export async function createRater(
  db: Kysely<Database>,
  runtime: Runtime,
): Promise<{ rater: RaterIdentity; token: string }> {
  const token = runtime.secureToken(32);
  const pseudonym = `rater-${runtime.secureToken(6)}`;
  const id = await insertRater(db, { tokenHash: hashToken(token), pseudonym, createdAt: runtime.now().toISOString() });
  return { rater: { id, pseudonym }, token };
}

export async function describeRater(db: Kysely<Database>, raterId: number): Promise<Me> {
  const rater = await findRaterById(db, raterId);
  if (!rater) throw new Error(`rater ${raterId} vanished`);
  return { pseudonym: rater.pseudonym, displayName: rater.display_name, progress: await raterProgress(db, raterId) };
}

export async function renameRater(db: Kysely<Database>, raterId: number, displayName: string | null): Promise<Me> {
  await updateDisplayName(db, raterId, displayName);
  return describeRater(db, raterId);
}

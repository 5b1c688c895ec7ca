import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ArenaError, unauthorized } from '../errors.js';

export interface RoleTokens {
  /** Works on every route. */
  adminToken: string | null;
  /** Read-only research routes. */
  researchToken: string | null;
  /** When true, research routes need no token. */
  resultsPublic: boolean;
}

// Hashing first gives equal-length buffers, so the comparison time says nothing about the token.
const digest = (text: string) => createHash('sha256').update(text).digest();
const sameToken = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('BAD_AUTHORIZATION', 'the Authorization header must be "Bearer <token>"');
  return match[1] ?? null;
}

/** Research role: the research token, the admin token, or nothing at all when results are public. */
export function requireResearcher(tokens: RoleTokens, request: FastifyRequest): void {
  if (tokens.resultsPublic) return;
  const token = bearerToken(request);
  if (token === null) {
    throw unauthorized('TOKEN_REQUIRED', 'this route needs a researcher or organizer token: Authorization: Bearer <token>');
  }
  const accepted = [tokens.researchToken, tokens.adminToken].filter((t): t is string => t !== null);
  if (!accepted.some((expected) => sameToken(token, expected))) {
    throw new ArenaError(403, 'FORBIDDEN', 'this token does not grant the researcher role');
  }
}

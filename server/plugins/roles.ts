import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ArenaError, unauthorized } from '../errors.js';

/** Tokens as configured (ARENA_ADMIN_TOKEN, ARENA_RESEARCH_TOKEN, ARENA_RESULTS_PUBLIC). */
export interface RoleTokens {
  adminToken: string | null;
  researchToken: string | null;
  resultsPublic: boolean;
}

/** What the server checks against: SHA-256 digests, so a generated organizer token is never stored in the clear. */
export interface RoleDigests {
  admin: Buffer | null;
  research: Buffer | null;
  resultsPublic: boolean;
}

export const tokenDigest = (token: string) => createHash('sha256').update(token).digest();

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('BAD_AUTHORIZATION', 'the Authorization header must be "Bearer <token>"');
  return match[1] ?? null;
}

function requireToken(request: FastifyRequest, accepted: (Buffer | null)[], role: string): void {
  const token = bearerToken(request);
  if (token === null) throw unauthorized('TOKEN_REQUIRED', `this route needs ${role} token: Authorization: Bearer <token>`);
  const given = tokenDigest(token);
  // Digests have equal length, so timingSafeEqual applies and the comparison time says nothing about the token.
  if (!accepted.some((expected) => expected !== null && timingSafeEqual(given, expected))) {
    throw new ArenaError(403, 'FORBIDDEN', `this token does not grant the ${role.replace(/^an? /, '')} role`);
  }
}

/** Research role: the research token, the organizer token, or nothing at all when results are public. */
export function requireResearcher(roles: RoleDigests, request: FastifyRequest): void {
  if (roles.resultsPublic) return;
  requireToken(request, [roles.research, roles.admin], 'a researcher or organizer');
}

/** Organizer role: the organizer token only. */
export function requireOrganizer(roles: RoleDigests, request: FastifyRequest): void {
  requireToken(request, [roles.admin], 'an organizer');
}

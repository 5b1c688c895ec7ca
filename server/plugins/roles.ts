import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/**
 * Research role: the research token, the organizer token, or nothing at all when results are public; `evenIfPublic`
 * for what public results must not open (answers by model would name the models a rater is about to judge).
 */
export function requireResearcher(roles: RoleDigests, request: FastifyRequest, evenIfPublic = false): void {
  if (roles.resultsPublic && !evenIfPublic) return;
  requireToken(request, [roles.research, roles.admin], 'a researcher or organizer');
}

/** Organizer role: the organizer token only. */
export function requireOrganizer(roles: RoleDigests, request: FastifyRequest): void {
  requireToken(request, [roles.admin], 'an organizer');
}

/**
 * Who may call a route. Every /api route states one in `config.role`; a route without one fails at start.
 * 'researcher-token': the researcher role, but never opened by ARENA_RESULTS_PUBLIC.
 */
export type Role = 'public' | 'rater' | 'researcher' | 'researcher-token' | 'organizer';

declare module 'fastify' {
  interface FastifyContextConfig {
    role?: Role;
  }
  interface FastifyInstance {
    /** Every /api route with its role, for the test that checks each refuses the wrong caller. */
    routeRoles: { method: string; url: string; role: Role }[];
  }
}

/**
 * One place enforces the organizer and researcher roles for every route that states them: a Bearer token, or else the
 * session cookie a sign-in set. Register after the cookie plugin, before the routes.
 */
export function registerRoleChecks(
  app: FastifyInstance,
  roles: RoleDigests,
  sessionRoleOf: (request: FastifyRequest) => Promise<'organizer' | 'researcher' | null>,
): void {
  const routeRoles: FastifyInstance['routeRoles'] = [];
  app.decorate('routeRoles', routeRoles);
  const requireRole = (role: 'organizer' | 'researcher' | 'researcher-token') => async (request: FastifyRequest) => {
    if (request.headers.authorization === undefined) {
      const signedIn = await sessionRoleOf(request);
      if (signedIn === 'organizer' || (signedIn === 'researcher' && role !== 'organizer')) return;
      if (signedIn === 'researcher') throw new ArenaError(403, 'FORBIDDEN', 'this session does not grant the organizer role');
    }
    if (role === 'organizer') requireOrganizer(roles, request);
    else requireResearcher(roles, request, role === 'researcher-token');
  };
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const role = route.config?.role;
    if (role === undefined) throw new Error(`${String(route.method)} ${route.url} states no role (config.role)`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeRoles.push({ method, url: route.url, role });
    // Only the routes that need a role run the check (first, before the route's own hooks): raters' requests, the
    // most frequent by far, pay nothing for it.
    if (role === 'organizer' || role === 'researcher' || role === 'researcher-token') {
      route.onRequest = [requireRole(role), ...[route.onRequest ?? []].flat()];
    }
  });
}

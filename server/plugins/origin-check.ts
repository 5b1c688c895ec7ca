import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ArenaError } from '../errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Roles a session cookie can carry: a WebSocket to their routes is checked like a state-changing request. */
const SIGNED_IN_ROLES = new Set<string | undefined>(['organizer', 'researcher', 'researcher-token']);

/**
 * A state-changing request sent by a browser from another site is refused (cross-site request forgery), on top of the
 * SameSite cookie. Browsers send Origin on such requests; scripts and curl send none and are let through, since they
 * cannot ride on a visitor's cookie. `allowedOrigins` adds origins besides the server's own (a proxy's public URL).
 * A WebSocket handshake is a GET, but no CORS stands in its way and it carries cookies: one to a route behind a
 * sign-in (live progress) is checked too, so another origin on the same site cannot read what the organizer sees.
 */
export function registerOriginCheck(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  // A callback hook, not an async one: it runs on every request, and most are reads it lets through at once.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!STATE_CHANGING.has(request.method) && !isSignedInSocket(request)) return done();
    const origin = request.headers.origin;
    if (origin === undefined) return done(request.headers['sec-fetch-site'] === 'cross-site' ? crossOrigin('(none)') : undefined);
    if (isSameHost(origin, request.headers.host) || allowed.has(origin.toLowerCase())) return done();
    done(crossOrigin(origin));
  });
}

function isSignedInSocket(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket' && SIGNED_IN_ROLES.has(request.routeOptions.config.role);
}

/** Parsing the Host header like the origin drops default ports on both sides ("localhost:80" and "localhost"). */
function isSameHost(origin: string, hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${hostHeader}`).host;
  } catch {
    return false;
  }
}

const crossOrigin = (origin: string) =>
  new ArenaError(403, 'CROSS_ORIGIN', `state-changing requests from another origin are refused (Origin: ${origin})`);

import fastifyRateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ArenaError } from '../errors.js';
import { sha256Hex } from '../sha256.js';
import { RATER_COOKIE } from './rater-session.js';

/** Requests per minute; null switches rate limiting off (ARENA_RATE_LIMIT=0, for load tests and benchmarks). */
export interface RateLimits {
  perIp: number;
  perRater: number;
  uploadsPerIp: number;
}

/** The rater's cookie when there is one (hashed: it is a secret), else the address. */
function raterKey(request: FastifyRequest): string {
  const token = request.cookies[RATER_COOKIE];
  return token ? `rater:${sha256Hex(token).slice(0, 32)}` : `ip:${request.ip}`;
}

/**
 * Route options for the item and vote routes: a per-rater limit on top of the per-address one. A route's own
 * `rateLimit` config would replace the per-address limit, and a cookie is whatever the client sends: a script sending a
 * new one with every request would have had no limit at all. So the per-rater limit is a hook of its own.
 */
export function raterRateLimit(app: FastifyInstance, limits: RateLimits | null): { onRequest?: onRequestAsyncHookHandler } {
  if (limits === null) return {};
  const check = app.createRateLimit({ max: limits.perRater, timeWindow: 60_000, keyGenerator: raterKey });
  return {
    async onRequest(request, reply) {
      const limit = await check(request);
      if (limit.isAllowed || !limit.isExceeded) return;
      reply.header('retry-after', String(limit.ttlInSeconds));
      throw new ArenaError(429, 'RATE_LIMITED', `too many requests from this rater: at most ${limit.max} a minute; try again in ${limit.ttlInSeconds} s`);
    },
  };
}

/** Route options for uploads and analyses, which cost the server the most. */
export const uploadRateLimit = (limits: RateLimits | null): { rateLimit?: RateLimitOptions } =>
  limits === null ? {} : { rateLimit: { max: limits.uploadsPerIp, timeWindow: 60_000 } };

/**
 * Every /api route is limited per address; item and vote routes add a per-rater limit, uploads a lower per-address one. A refused request is a
 * 429 in the usual error shape with Retry-After, and changes nothing.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits | null): Promise<void> {
  if (limits === null) return;
  await app.register(fastifyRateLimit, {
    max: limits.perIp,
    timeWindow: 60_000,
    allowList: (request) => !request.url.startsWith('/api/'),
    addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `too many requests: at most ${context.max} a minute; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
}

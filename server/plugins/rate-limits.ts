import fastifyRateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/** Route options for the per-rater limit on the item and vote routes. */
export const raterRateLimit = (limits: RateLimits | null): { rateLimit?: RateLimitOptions } =>
  limits === null ? {} : { rateLimit: { max: limits.perRater, timeWindow: 60_000, keyGenerator: raterKey } };

/** Route options for uploads and analyses, which cost the server the most. */
export const uploadRateLimit = (limits: RateLimits | null): { rateLimit?: RateLimitOptions } =>
  limits === null ? {} : { rateLimit: { max: limits.uploadsPerIp, timeWindow: 60_000 } };

/**
 * Every /api route is limited per address; item, vote and upload routes add their own limits. A refused request is a
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

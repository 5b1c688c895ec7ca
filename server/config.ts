import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { RateLimits } from './plugins/rate-limits.js';
import type { RoleTokens } from './plugins/roles.js';

/** Fastify's trustProxy: none, every hop, a hop count, or the proxies' addresses. */
export type TrustProxy = boolean | number | string[];

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every setting, read from the environment once at start (see README, "Settings"). */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('localhost'),
  DATABASE_URL: z.string().min(1).default('./data/arena.db'),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  /** false: PostgreSQL statements stay unnamed, for a pooler that cannot keep named ones (PgBouncer < 1.21). */
  DATABASE_NAMED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  ARENA_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ARENA_RESEARCH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ARENA_RESULTS_PUBLIC: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** The set loaded into an empty database; unset: the default set; 'none': nothing. */
  ARENA_QUESTIONS: z.string().min(1).optional(),
  ARENA_OVERLAP_ITEMS: z.coerce.number().int().min(0).default(20),
  ARENA_OVERLAP_EVERY: positiveInt(2),
  /** Comma-separated origins allowed to send state-changing requests besides the server's own host. */
  ARENA_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((origin) => origin.trim()).filter(Boolean)),
  /** 0 switches rate limits off (load tests, benchmarks). */
  ARENA_RATE_LIMIT: z.enum(['0', '1']).default('1'),
  ARENA_RATE_LIMIT_PER_IP: positiveInt(600),
  ARENA_RATE_LIMIT_PER_RATER: positiveInt(120),
  ARENA_RATE_LIMIT_UPLOADS: positiveInt(20),
  ARENA_UPLOAD_LIMIT_MB: z.coerce.number().positive().max(2048).default(50),
  ARENA_ANALYSIS_HEAP_MB: z.coerce.number().int().min(32).max(65536).default(1024),
  /**
   * Behind a reverse proxy: how many proxy hops (a number), or which proxy addresses (comma-separated, CIDR allowed),
   * to trust for X-Forwarded-For, so rate limits count each client and not the proxy. 'true' trusts every hop, safe
   * only when no client can reach the server directly. Unset: the connection's own address.
   */
  ARENA_TRUST_PROXY: z
    .string()
    .default('')
    .transform((value): TrustProxy => {
      const trimmed = value.trim();
      if (trimmed === '' || trimmed === 'false') return false;
      if (trimmed === 'true') return true;
      if (/^\d+$/.test(trimmed)) return Number(trimmed);
      return trimmed.split(',').map((address) => address.trim()).filter(Boolean);
    }),
  ARENA_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type EnvConfig = z.infer<typeof configSchema>;

/** What buildApp needs; tests construct it directly. */
export interface AppConfig {
  databaseUrl: string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** PostgreSQL: run the hot path's queries as named statements (default true). */
  namedStatements?: boolean;
  /** Loaded when the database holds no question set; null loads nothing. */
  defaultQuestionSetPath: string | null;
  /** How many questions of a newly loaded set get one fixed model pair that every rater is served. */
  overlapItems: number;
  /** Every n-th item a rater is served is an overlap item, until they have all been served. */
  overlapEvery: number;
  cookieSecure: boolean;
  /** Which reverse proxies' X-Forwarded-For to believe for the client's address (default: none). */
  trustProxy?: TrustProxy;
  /** Origins besides the server's own host that may send state-changing requests. */
  allowedOrigins: string[];
  /** Requests per minute, or null for no limits. */
  rateLimits: RateLimits | null;
  /** Largest accepted question-set upload. */
  uploadLimitBytes: number;
  /** Heap of the worker that computes bootstraps and external-log analyses (default 1024 MB). */
  reportHeapLimitMb?: number;
  /** Who may use the organizer and research routes. */
  roles: RoleTokens;
  /** Where the built client lives; null serves no pages (API only). */
  clientDir: string | null;
  logLevel: EnvConfig['LOG_LEVEL'];
}

export function readEnvConfig(env: NodeJS.ProcessEnv): EnvConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`invalid settings in the environment:\n${problems}`);
  }
  return parsed.data;
}

export function defaultQuestionSetPath(setting: string | undefined, root: string): string | null {
  if (setting === 'none') return null;
  return setting === undefined ? join(root, 'questions/default.json') : resolve(setting);
}

import { resolve } from 'node:path';
import { buildApp } from './app.js';
import { defaultQuestionSetPath, readEnvConfig } from './config.js';
import { packageRoot } from './paths.js';

const env = readEnvConfig(process.env);
const root = packageRoot();
const app = await buildApp({
  databaseUrl: env.DATABASE_URL,
  sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
  namedStatements: env.DATABASE_NAMED_STATEMENTS,
  defaultQuestionSetPath: defaultQuestionSetPath(env.ARENA_QUESTIONS, root),
  overlapItems: env.ARENA_OVERLAP_ITEMS,
  overlapEvery: env.ARENA_OVERLAP_EVERY,
  cookieSecure: env.ARENA_COOKIE_SECURE,
  trustProxy: env.ARENA_TRUST_PROXY,
  allowedOrigins: env.ARENA_ALLOWED_ORIGINS,
  rateLimits:
    env.ARENA_RATE_LIMIT === '0'
      ? null
      : { perIp: env.ARENA_RATE_LIMIT_PER_IP, perRater: env.ARENA_RATE_LIMIT_PER_RATER, uploadsPerIp: env.ARENA_RATE_LIMIT_UPLOADS },
  uploadLimitBytes: Math.round(env.ARENA_UPLOAD_LIMIT_MB * 1024 * 1024),
  reportHeapLimitMb: env.ARENA_ANALYSIS_HEAP_MB,
  roles: {
    adminToken: env.ARENA_ADMIN_TOKEN ?? null,
    researchToken: env.ARENA_RESEARCH_TOKEN ?? null,
    resultsPublic: env.ARENA_RESULTS_PUBLIC,
  },
  clientDir: resolve(root, 'dist/client'),
  logLevel: env.LOG_LEVEL,
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    // Requests in flight are answered; a keep-alive connection that was busy when closing began would then stay open
    // until its 72 s timeout (Node closes only the connections idle at that moment), so the idle ones are closed as
    // they come, and the shutdown ends within a container's grace period.
    const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
    // Live sockets are sent a close frame; one whose peer never answers it (a laptop asleep) would hold the shutdown
    // for ws's 30 s close timeout, so whatever is still open after a second is cut.
    const cutSockets = setTimeout(() => {
      for (const socket of app.websocketServer.clients) socket.terminate();
    }, 1000);
    void app.close().then(() => {
      clearInterval(closeIdle);
      clearTimeout(cutSockets);
      process.exit(0);
    });
  });
}

await app.listen({ port: env.PORT, host: env.HOST });

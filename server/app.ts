import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { healthSchema } from '../shared/schemas/api.js';
import type { AppConfig, TrustProxy } from './config.js';
import { createDb, type ArenaDb } from './db/create-db.js';
import { migrateToLatest } from './db/migrate-to-latest.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerJsonBodyParser } from './plugins/json-body.js';
import { registerRoleChecks, type RoleDigests } from './plugins/roles.js';
import { registerOriginCheck } from './plugins/origin-check.js';
import { registerRateLimits } from './plugins/rate-limits.js';
import { responseSerializerCompiler } from './plugins/response-serializer.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { createBoardNotifier } from './realtime/board-notifier.js';
import { LeaderboardHub } from './realtime/leaderboard-hub.js';
import { SocketHeartbeat } from './realtime/live-socket.js';
import { ReportRunner } from './services/report-runner.js';
import { ProgressHub } from './realtime/progress-hub.js';
import { countSets } from './repositories/question-sets.js';
import { campaignRoutes } from './routes/campaigns.js';
import { leaderboardRoutes } from './routes/leaderboard.js';
import { progressRoutes } from './routes/progress.js';
import { questionSetRoutes } from './routes/question-sets.js';
import { raterManagementRoutes } from './routes/rater-management.js';
import { raterRoutes } from './routes/raters.js';
import { SESSION_COOKIE, sessionRoutes } from './routes/sessions.js';
import { researchRoutes } from './routes/research.js';
import { voteRoutes } from './routes/votes.js';
import { systemRuntime, type Runtime } from './runtime.js';
import { getLeaderboard } from './services/leaderboard.js';
import { progressSnapshot } from './services/progress.js';
import { ProgressTallies } from './services/progress-tally.js';
import { resolveRoleDigests } from './services/organizer-token.js';
import { sessionRole } from './services/sessions.js';
import { readQuestionSetPath } from './services/question-set-upload.js';
import { importQuestionSet } from './services/question-sets.js';

declare module 'fastify' {
  interface FastifyInstance {
    arenaDb: ArenaDb;
    leaderboardHub: LeaderboardHub;
    progressHub: ProgressHub;
  }
}

export interface BuildAppOptions {
  runtime?: Runtime;
  /** Fastify's logger; tests pass false. */
  logger?: boolean;
  /** Called once, on the first start without ARENA_ADMIN_TOKEN, with the generated organizer token. */
  announceOrganizerToken?: (token: string) => void;
}

/** A hop count as the function Fastify's types accept for it (the first n hops from here are proxies). */
const fastifyTrustProxy = (trust: TrustProxy) => (typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust);

/** Opens and migrates the database, loads the default set into an empty one, and registers every route. No listen. */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const runtime = options.runtime ?? systemRuntime;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: fastifyTrustProxy(config.trustProxy ?? false),
    // Errors the router raises before any route runs (bad URL encoding, over-long path parameters) in our error shape.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const payload = tooLong
        ? { error: { code: 'URL_TOO_LONG', message: 'a path parameter is longer than 100 characters' } }
        : { error: { code: 'BAD_URL', message: 'the URL is not valid percent-encoded UTF-8' } };
      void (reply as FastifyReply).code(tooLong ? 414 : 400).type('application/json; charset=utf-8').send(JSON.stringify(payload));
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  registerErrorHandler(app);
  registerJsonBodyParser(app);
  registerSecurityHeaders(app);
  registerOriginCheck(app, config.allowedOrigins);

  const arenaDb = createDb({
    url: config.databaseUrl,
    synchronous: config.sqliteSynchronous,
    namedStatements: config.namedStatements,
    onBackgroundError: (message) => app.log.error(`background WAL checkpoint failed: ${message}`),
  });
  const { db } = arenaDb;
  let roles: RoleDigests;
  try {
    await migrateToLatest(db);
    roles = await resolveRoleDigests(
      db,
      runtime,
      config.roles,
      options.announceOrganizerToken ??
        ((token) => app.log.warn(`organizer token generated, shown only now (set ARENA_ADMIN_TOKEN to choose one): ${token}`)),
    );
    if (config.defaultQuestionSetPath !== null && (await countSets(db)) === 0) {
      const set = await readQuestionSetPath(config.defaultQuestionSetPath, config.uploadLimitBytes);
      const imported = await importQuestionSet(db, runtime, set, { overlapItems: config.overlapItems });
      app.log.info(imported, 'loaded the default question set');
    }
  } catch (error) {
    await arenaDb.close();
    throw error;
  }

  const hub = new LeaderboardHub(
    (category) => getLeaderboard(db, category),
    (error) => app.log.error({ err: error }, 'live leaderboard update failed'),
  );
  const progressTallies = new ProgressTallies();
  const progressHub = new ProgressHub(
    (campaign) => progressSnapshot(db, runtime, progressTallies, campaign),
    (error) => app.log.error({ err: error }, 'live progress update failed'),
  );
  const notifier = await createBoardNotifier(arenaDb, [hub, progressHub], (error) => app.log.error({ err: error }, 'board notifications failed'));
  app.decorate('arenaDb', { getter: () => arenaDb });
  app.decorate('leaderboardHub', hub);
  app.decorate('progressHub', progressHub);
  const heartbeat = new SocketHeartbeat();
  const reports = new ReportRunner(config.reportHeapLimitMb);
  app.addHook('onClose', async () => {
    heartbeat.close();
    await reports.close();
    hub.close();
    progressHub.close();
    progressTallies.clear();
    await notifier.close();
    await arenaDb.close();
  });

  await app.register(fastifyCookie);
  await registerRateLimits(app, config.rateLimits);
  registerRoleChecks(app, roles, (request) => sessionRole(db, runtime, roles, request.cookies[SESSION_COOKIE]));
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });

  app.get('/api/health', { config: { role: 'public' }, schema: { response: { 200: healthSchema } } }, async () => ({ ok: true as const }));
  const session = { db, runtime, cookieSecure: config.cookieSecure };
  await app.register(raterRoutes, { session, scheduling: { overlapEvery: config.overlapEvery }, rateLimits: config.rateLimits });
  await app.register(voteRoutes, { session, notifier, rateLimits: config.rateLimits });
  await app.register(leaderboardRoutes, { db, hub, heartbeat });
  await app.register(sessionRoutes, { db, runtime, roles, cookieSecure: config.cookieSecure });
  await app.register(raterManagementRoutes, { db, runtime, notifier });
  await app.register(campaignRoutes, { db, runtime, session, notifier });
  await app.register(progressRoutes, { db, runtime, hub: progressHub, tallies: progressTallies, heartbeat });
  await app.register(researchRoutes, { db, reports, uploadLimitBytes: config.uploadLimitBytes, rateLimits: config.rateLimits });
  await app.register(questionSetRoutes, {
    db,
    runtime,
    overlapItems: config.overlapItems,
    uploadLimitBytes: config.uploadLimitBytes,
    rateLimits: config.rateLimits,
    notifier,
  });

  if (config.clientDir !== null && existsSync(config.clientDir)) {
    await app.register(fastifyStatic, { root: config.clientDir, index: 'index.html' });
  }
  return app;
}

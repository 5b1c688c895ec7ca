import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../shared/schemas/api.js';
import { ArenaError } from '../errors.js';

/** At most this many problems are listed; a request with thousands of bad keys gets a short answer. */
const MAX_DETAILS = 100;

/** One place that turns every failure into `{error: {code, message, details}}` with the right status. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ArenaError) {
      return reply.status(error.status).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const details = error.validation.slice(0, MAX_DETAILS).flatMap((issue) => {
        const path = issue.instancePath.slice(1).split('/').filter(Boolean);
        const reason = issue.message ?? 'invalid';
        // zod reports unknown keys on their parent object; name each key instead.
        const unknownKeys = issue.keyword === 'unrecognized_keys' ? (issue.params['keys'] as string[] | undefined) : undefined;
        if (unknownKeys) return unknownKeys.map((key) => ({ field: [...path, key].join('.'), reason: 'unknown field' }));
        return [{ field: path.length > 0 ? path.join('.') : where, reason }];
      });
      const listed = details.slice(0, MAX_DETAILS);
      const summary = listed.slice(0, 5).map((d) => `${d.field}: ${d.reason}`).join('; ') + (listed.length > 5 ? '; …' : '');
      return reply.status(400).send(body('INVALID_REQUEST', `invalid ${where}: ${summary}`, listed));
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(status).send(body('INTERNAL_ERROR', 'the server failed to handle this request'));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? 0;
      return reply
        .status(413)
        .send(body('BODY_TOO_LARGE', `the request body is larger than the ${(limit / 1024 / 1024).toFixed(1)} MB this route accepts`));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const sent = request.headers['content-type'] ?? '(none)';
      const accepted = ACCEPTABLE_TYPES.filter((type) => request.server.hasContentTypeParser(type));
      return reply.status(415).send(
        body('UNSUPPORTED_MEDIA_TYPE', `unsupported media type ${sent}: send ${accepted.join(', ')}`, [
          { field: 'content-type', reason: `"${sent}" is not accepted here; send ${accepted.join(', ')}` },
        ]),
      );
    }
    // Fastify's own 4xx: malformed JSON …
    return reply.status(status).send(body(error.code ?? 'BAD_REQUEST', error.message));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

/** Every body type some route reads; a 415 names those the refused route reads. */
const ACCEPTABLE_TYPES = ['application/json', 'text/csv', 'application/zip', 'application/x-ndjson', 'application/jsonl', 'text/plain'];

function body(code: string, message: string, details?: ErrorBody['error']['details']): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

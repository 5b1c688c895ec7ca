import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8: a body with invalid bytes is refused rather than silently stored with U+FFFD in their place. */
export function decodeUtf8Body(bytes: Buffer, what = 'the request body'): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest('NOT_UTF8', `${what} is not UTF-8 text`, [{ field: 'body', reason: 'invalid UTF-8 bytes' }]);
  }
}

/** JSON bodies: strict UTF-8, and no `__proto__` keys (prototype poisoning), as Fastify's own parser also refuses. */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // Only JSON is accepted by default; routes that take CSV, zips or plain text add their own parsers.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      const text = decodeUtf8Body(body as Buffer);
      if (text.trim() === '') throw badRequest('EMPTY_BODY', 'the JSON body is empty');
      done(
        null,
        JSON.parse(text, (key, value: unknown) => {
          if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) {
            throw badRequest('INVALID_JSON', `the JSON body has a "${key === '__proto__' ? '__proto__' : 'constructor.prototype'}" key`);
          }
          return value;
        }),
      );
    } catch (error) {
      if (error instanceof SyntaxError) done(badRequest('INVALID_JSON', `the body is not valid JSON: ${error.message}`));
      else if (error instanceof RangeError) done(badRequest('INVALID_JSON', 'the JSON body is nested too deeply'));
      else done(error as Error);
    }
  });
}

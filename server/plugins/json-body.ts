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

const MAY_HOLD_POISONED_KEY = /__proto__|constructor|\\/;

function refusePoisonedKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) {
    throw badRequest('INVALID_JSON', `the JSON body has a "${key === '__proto__' ? '__proto__' : 'constructor.prototype'}" key`);
  }
  return value;
}

/** JSON bodies: strict UTF-8, and no `__proto__` keys (prototype poisoning), as Fastify's own parser also refuses. */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // Only JSON is accepted by default; routes that take CSV, zips or plain text add their own parsers.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      const text = decodeUtf8Body(body as Buffer);
      if (text.trim() === '') throw badRequest('EMPTY_BODY', 'the JSON body is empty');
      // The reviver makes JSON.parse call back for every value (and, recursing, refuses bodies nested too deeply to
      // process). A small vote or item body that cannot spell either key needs neither: with a backslash any key could
      // be escaped into one, and a kilobyte nests at most 512 deep.
      const plain = text.length < 1024 && !MAY_HOLD_POISONED_KEY.test(text);
      done(null, plain ? JSON.parse(text) : JSON.parse(text, refusePoisonedKeys));
    } catch (error) {
      if (error instanceof SyntaxError) done(badRequest('INVALID_JSON', `the body is not valid JSON: ${error.message}`));
      else if (error instanceof RangeError) done(badRequest('INVALID_JSON', 'the JSON body is nested too deeply'));
      else done(error as Error);
    }
  });
}

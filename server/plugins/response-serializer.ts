import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * Every response is checked against its route's zod schema, which also drops any field the schema does not declare
 * (nothing that names a model can slip into an item), then stringified. fastify-type-provider-zod's own serializer
 * runs zod's encode (the backward direction, for codecs), which took four times as long as a parse: 6 µs against
 * 1.5 µs for an item, 3 against 0.6 for a vote result. No response schema here has a codec or a transform, and for
 * such schemas encode and parse give the same output.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<z.ZodType> =
  ({ schema, method, url }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };

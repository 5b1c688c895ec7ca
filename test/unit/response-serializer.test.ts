import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nextResponseSchema } from '../../shared/schemas/api.js';
import { responseSerializerCompiler } from '../../server/plugins/response-serializer.js';

const compile = (schema: z.ZodType) => responseSerializerCompiler({ schema, method: 'GET', url: '/api/next', httpStatus: '200' });

describe('the response serializer', () => {
  it('sends only the fields the schema declares, so nothing undeclared (a model name) can leak into an item', () => {
    const serialize = compile(nextResponseSchema);
    const item = {
      status: 'assigned',
      assignmentId: 'a1',
      question: { id: 'q1', category: 'math', categoryName: 'Math', rubric: null, language: 'en', turns: ['2 + 2?'], modelLow: 'gpt' },
      answers: { A: { turns: ['4'], model: 'model-x' }, B: { turns: ['5'], model: 'model-y' } },
      progress: { voted: 1, overlapVoted: 0, overlapTotal: 2, remaining: 10 },
      modelA: 'model-x',
    };
    expect(JSON.parse(serialize(item))).toEqual({
      status: 'assigned',
      assignmentId: 'a1',
      question: { id: 'q1', category: 'math', categoryName: 'Math', rubric: null, language: 'en', turns: ['2 + 2?'] },
      answers: { A: { turns: ['4'] }, B: { turns: ['5'] } },
      progress: { voted: 1, overlapVoted: 0, overlapTotal: 2, remaining: 10 },
    });
  });

  it('refuses a response that does not match its schema', () => {
    const serialize = compile(z.object({ voteId: z.number() }));
    expect(() => serialize({ voteId: 'one' })).toThrow(ResponseSerializationError);
  });
});

import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import {
  nextResponseSchema,
  voteResultSchema,
  type Assignment,
  type Choice,
  type NextResponse,
  type VoteResult,
} from '../../shared/schemas/api.js';

/** A rater with a cookie jar, talking to the app through inject(), as a browser would over HTTP. */
export class TestRater {
  cookie: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async next(): Promise<NextResponse> {
    const response = await this.app.inject({ method: 'GET', url: '/api/next', headers: this.headers() });
    expect(response.statusCode, response.body).toBe(200);
    const setCookie = response.headers['set-cookie'];
    if (setCookie) this.cookie = String(setCookie).split(';')[0];
    return nextResponseSchema.parse(response.json());
  }

  async nextAssignment(): Promise<Assignment> {
    const next = await this.next();
    if (next.status !== 'assigned') throw new Error('expected an assignment, got finished');
    return next;
  }

  vote(assignmentId: string, choice: Choice) {
    return this.app.inject({
      method: 'POST',
      url: '/api/votes',
      headers: this.headers(),
      payload: { assignmentId, choice },
    });
  }

  async voteOk(assignmentId: string, choice: Choice): Promise<VoteResult> {
    const response = await this.vote(assignmentId, choice);
    expect(response.statusCode, response.body).toBe(200);
    return voteResultSchema.parse(response.json());
  }

  headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }
}

import type { z } from 'zod';
import {
  acceptInviteResponseSchema,
  castVoteRequestSchema,
  categoriesResponseSchema,
  errorBodySchema,
  leaderboardSchema,
  meSchema,
  nextResponseSchema,
  voteResultSchema,
  type CastVoteRequest,
  type ErrorBody,
  type Leaderboard,
  type Me,
  type NextResponse,
  type VoteResult,
} from '../../../shared/schemas/api.js';

export type ErrorDetail = NonNullable<ErrorBody['error']['details']>[number];

/** Codes the client makes up itself, for failures that never produced a server error body. */
export const CLIENT_ERROR_CODES = { network: 'network_error', badResponse: 'bad_response', http: 'http_error' } as const;

/** A failed API call: the server's `{error: {code, message, details}}`, or one of CLIENT_ERROR_CODES (status 0: no answer). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor(code: string, message: string, status: number, details: ErrorDetail[] = []) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** The server's `{error}` body of a failed response as an ApiError, or a plain HTTP error when the body is not one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const failure = errorBodySchema.safeParse(body);
  if (failure.success) {
    const { code, message, details } = failure.data.error;
    return new ApiError(code, message, response.status, details ?? []);
  }
  return new ApiError(CLIENT_ERROR_CODES.http, `HTTP ${response.status}`, response.status);
}

/** 401 (no token) or 403 (a token without the role): token pages ask for a token instead of showing an error. */
export function isAccessDenied(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

async function request<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    });
  } catch {
    throw new ApiError(CLIENT_ERROR_CODES.network, 'Cannot reach the server', 0);
  }
  if (!response.ok) throw await errorFromResponse(response);
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(CLIENT_ERROR_CODES.badResponse, `Unexpected response from ${path}`, response.status);
  }
  return parsed.data;
}

/** The rater's open assignment (the same one again after a reload), or `finished`. Sets the rater cookie if missing. */
export function getNext(): Promise<NextResponse> {
  return request('/api/next', nextResponseSchema, { cache: 'no-store' });
}

/** Joins the campaign behind an invite link (`/?invite=CODE`). */
export function acceptInvite(code: string): Promise<{ campaign: string }> {
  return request('/api/invites/accept', acceptInviteResponseSchema, { method: 'POST', body: JSON.stringify({ code }) });
}

export function castVote(vote: CastVoteRequest): Promise<VoteResult> {
  return request('/api/votes', voteResultSchema, {
    method: 'POST',
    body: JSON.stringify(castVoteRequestSchema.parse(vote)),
  });
}

export function getMe(): Promise<Me> {
  return request('/api/me', meSchema, { cache: 'no-store' });
}

/** `null` (or an empty name, which the server turns into null) clears the display name. */
export function updateMe(displayName: string | null): Promise<Me> {
  return request('/api/me', meSchema, { method: 'PUT', body: JSON.stringify({ displayName }) });
}

export function getLeaderboard(category: string | null): Promise<Leaderboard> {
  const query = category === null ? '' : `?category=${encodeURIComponent(category)}`;
  return request(`/api/leaderboard${query}`, leaderboardSchema, { cache: 'no-store' });
}

/** The categories a leaderboard can be shown for: the active sets' own as well as the default nine. */
export function getCategories(): Promise<z.infer<typeof categoriesResponseSchema>> {
  return request('/api/categories', categoriesResponseSchema, { cache: 'no-store' });
}

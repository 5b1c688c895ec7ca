import type { z } from 'zod';
import {
  exclusionResultSchema,
  type managedRaterListQuerySchema,
  managedRaterListSchema,
  raterVotesSchema,
  type ManagedRaterList,
  type RaterVotes,
} from '../../../shared/schemas/api.js';
import { storedOrganizerToken } from './organizer-api.js';
import { fetchWithToken, parseJsonResponse } from './token-fetch.js';

export type ExclusionResult = z.infer<typeof exclusionResultSchema>;

/** Votes per "Load more": enough to review a session at a glance, small enough to come back at once. */
export const VOTES_PAGE_SIZE = 100;

const raterPath = (pseudonym: string) => `/api/raters/${encodeURIComponent(pseudonym)}`;

async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetchWithToken(path, storedOrganizerToken(), { headers: { accept: 'application/json' } });
  return parseJsonResponse(response, schema, path);
}

/** One page of the raters the filters match, in pseudonym order; pass the page's `nextAfter` as `after` for the next. */
export function listRaters(query: z.input<typeof managedRaterListQuerySchema>): Promise<ManagedRaterList> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  return getJson(`/api/raters?${params}`, managedRaterListSchema);
}

/** One page of the rater's votes in the order cast: those after the vote id `after` (0 for the first page). */
export function getRaterVotes(pseudonym: string, after: number, limit = VOTES_PAGE_SIZE): Promise<RaterVotes> {
  return getJson(`${raterPath(pseudonym)}/votes?after=${after}&limit=${limit}`, raterVotesSchema);
}

/** Excludes the rater's votes from every rating and analysis (they stay in the log), or counts them again. */
export async function setRaterExclusion(pseudonym: string, excluded: boolean, reason: string | null): Promise<ExclusionResult> {
  const path = `${raterPath(pseudonym)}/exclusion`;
  const response = await fetchWithToken(path, storedOrganizerToken(), {
    method: 'PUT',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ excluded, reason }),
  });
  return parseJsonResponse(response, exclusionResultSchema, path);
}

import { progressLiveMessageSchema, progressSnapshotSchema, type ProgressSnapshot } from '../../../shared/schemas/progress.js';
import { subscribeLive, type LiveSubscriber } from './live.js';
import { storedOrganizerToken } from './organizer-api.js';
import { ensureOrganizerSession } from './session-api.js';
import { fetchWithToken, parseJsonResponse } from './token-fetch.js';

/** `null`: every active set rather than one campaign. */
export type ProgressScope = number | null;

const scopeQuery = (campaign: ProgressScope) => (campaign === null ? '' : `?campaign=${campaign}`);

/** Whether a snapshot is of the scope asked for (a late message from a socket of the previous choice is not). */
export function isOfScope(snapshot: ProgressSnapshot, campaign: ProgressScope): boolean {
  return (snapshot.scope.campaign?.id ?? null) === campaign;
}

export async function getProgress(campaign: ProgressScope): Promise<ProgressSnapshot> {
  const path = `/api/progress${scopeQuery(campaign)}`;
  const response = await fetchWithToken(path, storedOrganizerToken(), { headers: { accept: 'application/json' } });
  return parseJsonResponse(response, progressSnapshotSchema, path);
}

/** The progress of one scope, live: a snapshot at once, then after votes (at most once a second). */
export function subscribeProgress(campaign: ProgressScope, handlers: LiveSubscriber<ProgressSnapshot>): () => void {
  return subscribeLive(
    {
      path: `/api/progress/live${scopeQuery(campaign)}`,
      read: (message) => {
        const parsed = progressLiveMessageSchema.safeParse(message);
        return parsed.success && isOfScope(parsed.data.progress, campaign) ? parsed.data.progress : null;
      },
      fetchLatest: () => getProgress(campaign),
      // The socket is authorized by the session cookie alone.
      beforeConnect: ensureOrganizerSession,
    },
    handlers,
  );
}

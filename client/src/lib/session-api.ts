import { z } from 'zod';
import { forgetOrganizerToken, storedOrganizerToken } from './organizer-api.js';
import { forgetResearchToken } from './research-api.js';
import { fetchWithToken, parseJsonResponse } from './token-fetch.js';

const PATH = '/api/session';

const sessionSchema = z.object({ role: z.enum(['organizer', 'researcher']).nullable() });

export type SessionRole = NonNullable<z.infer<typeof sessionSchema>['role']>;

async function sendSession(method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<SessionRole | null> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetchWithToken(PATH, null, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await parseJsonResponse(response, sessionSchema, PATH)).role;
}

/** The role the session cookie grants, `null` without a live session (the cookie itself is HttpOnly). */
export function sessionRole(): Promise<SessionRole | null> {
  return sendSession('GET');
}

/**
 * A browser cannot put the token on a WebSocket handshake, but it does send cookies: trades the stored token for the
 * organizer session cookie unless one is already set. Without a stored token there is nothing to trade, and the
 * socket's refusal (or the next refused request) brings back the token form.
 */
export async function ensureOrganizerSession(): Promise<void> {
  const signOutsBefore = signOuts;
  const current = await sessionRole();
  const token = storedOrganizerToken();
  if (current === 'organizer' || token === null) return;
  await sendSession('POST', { token });
  // A sign-out while this sign-in was on its way found no cookie to end; this one's cookie arrived after it.
  if (signOuts !== signOutsBefore) await sendSession('DELETE');
}

/** Sign-outs so far in this tab, so a sign-in already under way when one happens can undo itself. */
let signOuts = 0;

/**
 * Signs this browser out of both pages: the session cookie outlives the tab (12 hours), which on a shared computer
 * leaves the next person signed in. The tokens go first, so a live socket reconnecting meanwhile cannot sign in again.
 */
export async function signOut(): Promise<void> {
  signOuts++;
  forgetOrganizerToken();
  forgetResearchToken();
  await sendSession('DELETE');
}

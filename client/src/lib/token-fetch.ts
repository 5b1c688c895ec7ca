import type { z } from 'zod';
import { ApiError, CLIENT_ERROR_CODES, errorFromResponse } from './api.js';

/** The token the user entered in this tab under `key`, if any (sessionStorage: it is gone when the tab closes). */
export function storedToken(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storeToken(key: string, token: string): void {
  try {
    sessionStorage.setItem(key, token);
  } catch {
    // Storage disabled: the token cannot be kept, and the form will come back on the next refused request.
  }
}

export function forgetToken(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/** `fetch` with `Authorization: Bearer` when there is a token; a failed call becomes an ApiError like every other call. */
export async function fetchWithToken(
  path: string,
  token: string | null,
  init: { method?: string; headers: Record<string, string>; body?: BodyInit | undefined },
): Promise<Response> {
  const headers = token === null ? init.headers : { ...init.headers, authorization: `Bearer ${token}` };
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new ApiError(CLIENT_ERROR_CODES.network, 'Cannot reach the server', 0);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** The body of a successful response, checked against the shared schema. */
export async function parseJsonResponse<T>(response: Response, schema: z.ZodType<T>, path: string): Promise<T> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(CLIENT_ERROR_CODES.badResponse, `Unexpected response from ${path}`, response.status);
  }
  return parsed.data;
}

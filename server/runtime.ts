import { randomBytes } from 'node:crypto';

/** The clock and the randomness of the server, injected so tests can fix them. */
export interface Runtime {
  now(): Date;
  /** Uniform in [0, 1): which answer is shown as A, overlap choice, shuffle order. */
  random(): number;
  /** Unguessable identifiers (cookies, assignment ids): always from the system CSPRNG. */
  secureToken(bytes: number): string;
}

export const systemRuntime: Runtime = {
  now: () => new Date(),
  random: Math.random,
  secureToken: (bytes) => randomBytes(bytes).toString('base64url'),
};

export interface ErrorDetail {
  field: string;
  reason: string;
  /** For a problem in an uploaded file: its 1-based line. */
  line?: number;
}

/** An error that is part of the API: a stable code, an HTTP status and what was wrong, field by field. */
export class ArenaError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ArenaError';
  }
}

export const notFound = (code: string, message: string, details?: ErrorDetail[]) => new ArenaError(404, code, message, details);
export const conflict = (code: string, message: string, details?: ErrorDetail[]) => new ArenaError(409, code, message, details);
export const badRequest = (code: string, message: string, details?: ErrorDetail[]) => new ArenaError(400, code, message, details);
export const unauthorized = (code: string, message: string) => new ArenaError(401, code, message);
export const gone = (code: string, message: string) => new ArenaError(410, code, message);

/** Turns zod issue paths into the dotted field names the API reports: `questions.3.answers.gpt-4`. */
export function fieldOf(path: readonly PropertyKey[], fallback = '(root)'): string {
  return path.length === 0 ? fallback : path.map(String).join('.');
}

/** A problem found in an uploaded file: where (file, line, field) and why. */
export interface FileProblem {
  file: string;
  line?: number;
  field: string;
  reason: string;
}

export type Conversion<T> = { ok: true; value: T } | { ok: false; problems: FileProblem[] };

export const MAX_PROBLEMS = 100;

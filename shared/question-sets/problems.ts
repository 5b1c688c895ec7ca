/** A problem found in an uploaded file: where (file, line, field) and why. */
export interface FileProblem {
  file: string;
  line?: number;
  field: string;
  reason: string;
}

/**
 * Where a converted set's value came from in the uploaded files: for a path into the set (as zod reports it), the
 * file, line and the source's own name for the field. Problems the schema finds after conversion then point at the
 * row or record a person can fix, not at the converted JSON they never saw.
 */
export type SourceLocator = (path: readonly PropertyKey[]) => { file: string; line?: number; field: string } | undefined;

export type Conversion<T> = { ok: true; value: T; locate: SourceLocator } | { ok: false; problems: FileProblem[] };

export const MAX_PROBLEMS = 100;

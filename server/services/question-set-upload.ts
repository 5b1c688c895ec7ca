import { unzipSync } from 'fflate';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fromFlatCsv } from '../../shared/question-sets/flat-csv.js';
import { fromMtBench } from '../../shared/question-sets/mt-bench.js';
import { MAX_PROBLEMS, type FileProblem } from '../../shared/question-sets/problems.js';
import type { QuestionSetFile } from '../../shared/schemas/question-set.js';
import { ArenaError, badRequest, type ErrorDetail } from '../errors.js';
import { parseQuestionSet, parseQuestionSetText } from './question-sets.js';
import { damagedFiles, zipChecksums } from './zip-checksums.js';

export interface UploadMeta {
  /** Slug and name for formats that carry none (MT-Bench). */
  id: string;
  name: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest('NOT_UTF8', `${file} is not UTF-8 text`, [{ field: file, reason: 'not UTF-8 text' }]);
  }
}

const tooLarge = (limit: number) =>
  new ArenaError(413, 'UPLOAD_TOO_LARGE', `the unpacked upload is larger than the ${(limit / 1024 / 1024).toFixed(1)} MB limit`);

/** The list stops at MAX_PROBLEMS, so a full one is a lower bound. */
const problemCount = (problems: readonly FileProblem[]) =>
  problems.length >= MAX_PROBLEMS ? `at least ${MAX_PROBLEMS} problems (the first ${MAX_PROBLEMS} are listed)` : `${problems.length} problem(s)`;

const problemDetails = (problems: FileProblem[]): ErrorDetail[] =>
  problems.map((p) => ({ field: `${p.file}: ${p.field}`, reason: p.reason, ...(p.line === undefined ? {} : { line: p.line }) }));

/** Slug and name of an upload whose format carries none and whose uploader gave none. */
const UNNAMED_MT_BENCH: UploadMeta = { id: 'mt-bench', name: 'MT-Bench' };
const UNNAMED_SPREADSHEET: UploadMeta = { id: 'spreadsheet', name: 'Spreadsheet upload' };

/** The spreadsheet format: one row per (question, model). */
export function questionSetFromCsv(text: string, given: Partial<UploadMeta>, file = 'questions.csv'): QuestionSetFile {
  const converted = fromFlatCsv(text, { ...UNNAMED_SPREADSHEET, ...given, file });
  if (!converted.ok) {
    throw badRequest('INVALID_QUESTION_SET', `the CSV has ${problemCount(converted.problems)}`, problemDetails(converted.problems));
  }
  return parseQuestionSet(converted.value, converted.locate);
}

/**
 * Unpacks a .zip holding either FastChat's MT-Bench layout (question.jsonl and model_answer/*.jsonl, at the top or in
 * one folder) or one question-set .json. Declared sizes are checked before anything is inflated, and the inflated
 * total again after, so a zip bomb costs nothing.
 */
export function questionSetFromZip(zip: Uint8Array, given: Partial<UploadMeta>, maxInflatedBytes: number): QuestionSetFile {
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        declared += file.originalSize;
        if (declared > maxInflatedBytes) throw new RangeError('too large');
        return !file.name.endsWith('/') && !file.name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
      },
    });
  } catch (error) {
    if (error instanceof RangeError) throw tooLarge(maxInflatedBytes);
    throw badRequest('INVALID_ZIP', `the upload is not a readable .zip: ${(error as Error).message}`);
  }
  const inflated = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0);
  if (inflated > maxInflatedBytes) throw tooLarge(maxInflatedBytes);
  const checksums = zipChecksums(zip);
  if (checksums === null) throw badRequest('INVALID_ZIP', 'the upload is not a readable .zip: its central directory cannot be read (ZIP64 is not supported)');
  const damaged = damagedFiles(files, checksums);
  if (damaged.length > 0) {
    throw badRequest(
      'INVALID_ZIP',
      `the .zip is damaged: ${damaged.join(', ')} ${damaged.length === 1 ? 'does' : 'do'} not match the size and checksum it declares`,
      damaged.map((name) => ({ field: name, reason: 'content does not match its declared size and CRC-32' })),
    );
  }

  const names = Object.keys(files);
  const questionFiles = names.filter((name) => /(^|\/)question\.jsonl$/.test(name));
  if (questionFiles.length > 1) {
    throw badRequest('UNKNOWN_LAYOUT', `the .zip holds ${questionFiles.length} sets (${questionFiles.join(', ')}): upload one at a time`);
  }
  const questionFile = questionFiles[0];
  if (questionFile !== undefined) {
    const root = questionFile.slice(0, -'question.jsonl'.length);
    const answers = new Map<string, string>();
    for (const name of names) {
      if (!name.startsWith(`${root}model_answer/`) || !name.endsWith('.jsonl')) continue;
      const file = name.slice(`${root}model_answer/`.length);
      // A file in a folder below would stand for the same model as one beside it, and whichever came last would win.
      if (file.includes('/')) {
        throw badRequest('UNKNOWN_LAYOUT', `${name}: answer files must sit directly in ${root}model_answer/`, [{ field: name, reason: 'in a folder below model_answer/' }]);
      }
      answers.set(file, decodeUtf8(files[name]!, name));
    }
    const meta = { ...UNNAMED_MT_BENCH, ...given };
    const converted = fromMtBench({ questions: decodeUtf8(files[questionFile]!, questionFile), answers }, meta);
    if (!converted.ok) {
      throw badRequest('INVALID_QUESTION_SET', `the MT-Bench upload has ${problemCount(converted.problems)}`, problemDetails(converted.problems));
    }
    return parseQuestionSet(converted.value, converted.locate);
  }
  const jsonFiles = names.filter((name) => name.endsWith('.json'));
  if (jsonFiles.length === 1) return parseQuestionSetText(decodeUtf8(files[jsonFiles[0]!]!, jsonFiles[0]!));
  const csvFiles = names.filter((name) => name.endsWith('.csv'));
  if (jsonFiles.length === 0 && csvFiles.length === 1) return questionSetFromCsv(decodeUtf8(files[csvFiles[0]!]!, csvFiles[0]!), given, csvFiles[0]!);
  throw badRequest(
    'UNKNOWN_LAYOUT',
    'the .zip holds neither question.jsonl with model_answer/*.jsonl (MT-Bench) nor exactly one question-set .json or .csv',
  );
}


/** Reads an upload from disk, as `arena import` does: a question-set .json, a .zip, or a folder in the MT-Bench layout. */
export async function readQuestionSetPath(path: string, maxBytes: number): Promise<QuestionSetFile> {
  const info = await stat(path);
  const folderName = basename(path.replace(/\/+$/, ''));
  const meta = { id: folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || UNNAMED_MT_BENCH.id, name: folderName };
  if (info.isDirectory()) {
    const answersDir = join(path, 'model_answer');
    const answerFiles = (await readdir(answersDir).catch(() => [])).filter((name) => name.endsWith('.jsonl'));
    const questionText = await readFile(join(path, 'question.jsonl')).catch(() => null);
    if (questionText === null) throw badRequest('UNKNOWN_LAYOUT', `${path} has no question.jsonl (MT-Bench layout)`);
    const answers = new Map<string, string>();
    for (const name of answerFiles) answers.set(name, decodeUtf8(await readFile(join(answersDir, name)), `model_answer/${name}`));
    const converted = fromMtBench({ questions: decodeUtf8(questionText, 'question.jsonl'), answers }, meta);
    if (!converted.ok) {
      throw badRequest('INVALID_QUESTION_SET', `the MT-Bench folder has ${problemCount(converted.problems)}`, problemDetails(converted.problems));
    }
    return parseQuestionSet(converted.value, converted.locate);
  }
  if (info.size > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readFile(path);
  if (path.endsWith('.zip')) return questionSetFromZip(bytes, meta, maxBytes);
  if (path.endsWith('.csv')) return questionSetFromCsv(decodeUtf8(bytes, path), { ...meta, id: meta.id.replace(/\.csv$/, '') }, basename(path));
  return parseQuestionSetText(decodeUtf8(bytes, path));
}

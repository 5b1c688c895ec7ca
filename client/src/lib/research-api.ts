import type { z } from 'zod';
import {
  analysisReportSchema,
  consistencyReportSchema,
  heatmapReportSchema,
  raterReportSchema,
  ratingsReportSchema,
  type AnalysisReport,
  type ConsistencyReport,
  type HeatmapReport,
  type RaterReport,
  type RatingsReport,
} from '../../../shared/schemas/research.js';
import { saveBlob } from './download.js';
import { fetchWithToken, forgetToken, parseJsonResponse, storedToken, storeToken } from './token-fetch.js';

export type TiesMode = HeatmapReport['ties'];
export type VoteLogFormat = 'csv' | 'jsonl' | 'arena';

const TOKEN_KEY = 'arena.researchToken';

export function storedResearchToken(): string | null {
  return storedToken(TOKEN_KEY);
}

export function storeResearchToken(token: string): void {
  storeToken(TOKEN_KEY, token);
}

export function forgetResearchToken(): void {
  forgetToken(TOKEN_KEY);
}

interface SendOptions {
  accept?: string;
  body?: { text: string; contentType: string };
}

function send(path: string, { accept = 'application/json', body }: SendOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = body.contentType;
  return fetchWithToken(path, storedResearchToken(), { method: body === undefined ? 'GET' : 'POST', headers, body: body?.text });
}

async function sendForJson<T>(path: string, schema: z.ZodType<T>, options: SendOptions = {}): Promise<T> {
  return parseJsonResponse(await send(path, options), schema, path);
}

/** `?a=1&b=2` from the given values, leaving out nulls; '' when nothing is left. */
function query(params: Record<string, string | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) search.set(name, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The file name from `Content-Disposition: attachment; filename="votes.csv"`, else the fallback. */
function attachmentName(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}

/** A plain link cannot send the Authorization header, so the file is fetched and handed to the browser as a Blob. */
async function downloadAttachment(path: string, fallbackName: string): Promise<void> {
  const response = await send(path, { accept: '*/*' });
  saveBlob(await response.blob(), attachmentName(response, fallbackName));
}

/** `category`: one category id, or `null` for all of them. */
export function getRatings(category: string | null): Promise<RatingsReport> {
  return sendForJson(`/api/research/ratings${query({ category })}`, ratingsReportSchema);
}

export function getHeatmap(category: string | null, ties: TiesMode): Promise<HeatmapReport> {
  return sendForJson(`/api/research/heatmap${query({ category, ties })}`, heatmapReportSchema);
}

export function downloadHeatmapCsv(category: string | null, ties: TiesMode): Promise<void> {
  const name = `win-rates${category === null ? '' : `-${category}`}.csv`;
  return downloadAttachment(`/api/research/heatmap${query({ category, ties, format: 'csv' })}`, name);
}

export function getConsistency(category: string | null): Promise<ConsistencyReport> {
  return sendForJson(`/api/research/consistency${query({ category })}`, consistencyReportSchema);
}

export function getRaterDiagnostics(category: string | null): Promise<RaterReport> {
  return sendForJson(`/api/research/raters${query({ category })}`, raterReportSchema);
}

const VOTE_LOG_FILE_NAMES: Record<VoteLogFormat, string> = { csv: 'votes.csv', jsonl: 'votes.jsonl', arena: 'votes.json' };

export function downloadVoteLog(format: VoteLogFormat, category: string | null): Promise<void> {
  return downloadAttachment(`/api/export/votes${query({ format, category })}`, VOTE_LOG_FILE_NAMES[format]);
}

/** By extension; otherwise by the first character: `[` is a Chatbot Arena array, `{` JSON Lines, anything else CSV. */
function voteLogContentType(fileName: string, text: string): string {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'csv') return 'text/csv';
  if (extension === 'jsonl' || extension === 'ndjson') return 'application/x-ndjson';
  const first = text.trimStart()[0];
  if (first === '[') return 'application/json';
  return first === '{' ? 'application/x-ndjson' : 'text/csv';
}

/** Sends an external vote log as it is; the server reads it and answers with the same reports as for our own votes. */
export async function analyzeVoteLog(file: File): Promise<AnalysisReport> {
  const text = await file.text();
  return sendForJson('/api/research/analyze', analysisReportSchema, {
    body: { text, contentType: voteLogContentType(file.name, text) },
  });
}

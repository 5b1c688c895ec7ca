import { z } from 'zod';
import {
  campaignSchema,
  importResultSchema,
  inviteSchema,
  questionSetListSchema,
  questionSetPreviewSchema,
  type Campaign,
  type CreateCampaignRequest,
  type ImportResponse,
  type QuestionSetPreview,
  type QuestionSetSummary,
} from '../../../shared/schemas/api.js';
import { fetchWithToken, forgetToken, parseJsonResponse, storedToken, storeToken } from './token-fetch.js';

const TOKEN_KEY = 'arena.organizerToken';

export function storedOrganizerToken(): string | null {
  return storedToken(TOKEN_KEY);
}

export function storeOrganizerToken(token: string): void {
  storeToken(TOKEN_KEY, token);
}

export function forgetOrganizerToken(): void {
  forgetToken(TOKEN_KEY);
}

export type UploadFormat = 'json' | 'csv' | 'zip';

const CONTENT_TYPES: Record<UploadFormat, string> = { json: 'application/json', csv: 'text/csv', zip: 'application/zip' };

/** By the file's extension; `null` for anything the server does not read, which is then never sent. */
export function uploadFormat(fileName: string): UploadFormat | null {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === 'json' || extension === 'csv' || extension === 'zip' ? extension : null;
}

/** A .json file carries its set's slug and name; .csv and .zip files take them from the "Set id" and "Set name" fields. */
export function namesItsOwnSet(format: UploadFormat): boolean {
  return format === 'json';
}

export interface QuestionSetUpload {
  file: File;
  /** `id`, `name`: `null` when the field was left empty (the server then uses its defaults). */
  format: UploadFormat;
  id: string | null;
  name: string | null;
}

function uploadPath(base: string, upload: QuestionSetUpload): string {
  const search = new URLSearchParams();
  if (!namesItsOwnSet(upload.format)) {
    if (upload.id !== null) search.set('id', upload.id);
    if (upload.name !== null) search.set('name', upload.name);
  }
  const text = search.toString();
  return text === '' ? base : `${base}?${text}`;
}

/** The file goes as it is (a File is a Blob): the server reports problems by line in the file it received. */
async function sendUpload<T>(base: string, upload: QuestionSetUpload, schema: z.ZodType<T>): Promise<T> {
  const path = uploadPath(base, upload);
  const response = await fetchWithToken(path, storedOrganizerToken(), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': CONTENT_TYPES[upload.format] },
    body: upload.file,
  });
  return parseJsonResponse(response, schema, path);
}

export async function listQuestionSets(): Promise<QuestionSetSummary[]> {
  const path = '/api/question-sets';
  const response = await fetchWithToken(path, storedOrganizerToken(), { headers: { accept: 'application/json' } });
  return (await parseJsonResponse(response, questionSetListSchema, path)).sets;
}

/** What importing the upload would do, or an ApiError with every problem in it; writes nothing. */
export function previewQuestionSet(upload: QuestionSetUpload): Promise<QuestionSetPreview> {
  return sendUpload('/api/question-sets/preview', upload, questionSetPreviewSchema);
}

export function importQuestionSet(upload: QuestionSetUpload): Promise<ImportResponse> {
  return sendUpload('/api/question-sets', upload, importResultSchema);
}

const campaignListSchema = z.object({ campaigns: z.array(campaignSchema) });

export type CampaignStatus = Campaign['status'];

/** What the "New campaign" form sends; a field left out takes the server's default (`models`: every model of the set). */
export type NewCampaign = CreateCampaignRequest;

export interface Invite {
  code: string;
  /** The path of the link (`/?invite=CODE`); the code is shown only once. */
  link: string;
  maxUses: number | null;
}

async function sendJson<T>(method: 'POST' | 'PUT', path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  const response = await fetchWithToken(path, storedOrganizerToken(), {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return parseJsonResponse(response, schema, path);
}

export async function listCampaigns(): Promise<Campaign[]> {
  const path = '/api/campaigns';
  const response = await fetchWithToken(path, storedOrganizerToken(), { headers: { accept: 'application/json' } });
  return (await parseJsonResponse(response, campaignListSchema, path)).campaigns;
}

export function createCampaign(campaign: NewCampaign): Promise<Campaign> {
  return sendJson('POST', '/api/campaigns', campaign, campaignSchema);
}

export function setCampaignStatus(id: number, status: CampaignStatus): Promise<Campaign> {
  return sendJson('PUT', `/api/campaigns/${id}/status`, { status }, campaignSchema);
}

/** A link any number of raters can use. */
export function createInvite(id: number): Promise<Invite> {
  return sendJson('POST', `/api/campaigns/${id}/invites`, { maxUses: null }, inviteSchema);
}

import type { InjectOptions } from 'fastify';
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TestRater } from '../helpers/rater.js';
import { ADMIN_TOKEN, dumpDb, RESEARCH_TOKEN, sqliteOf, startTestApp, TINY_SET, type TestApp } from '../helpers/test-app.js';

/**
 * Malformed requests and files thrown at every kind of input the API takes. Each must be refused with the stated 4xx,
 * a JSON body of exactly the documented error shape that names the problem (a field, or a file's line), and leave
 * every row of every table as it was.
 */

const errorShape = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[A-Z][A-Z0-9_]+$/),
    message: z.string().min(1),
    details: z
      .array(z.strictObject({ field: z.string().min(1), reason: z.string().min(1), line: z.number().int().positive().optional() }))
      .min(1)
      .optional(),
  }),
});

/** What the cases may use: the owner's cookie, one open and one voted assignment of theirs, and another rater's. */
interface Context {
  owner: Record<string, string>;
  openId: string;
  votedId: string;
  foreignId: string;
}

type Naming = { field: string; line?: number; says?: RegExp } | { field?: undefined; line?: undefined; says: RegExp };

type RefusedCase = Naming & {
  name: string;
  request: (c: Context) => InjectOptions;
  status: number;
  code: string;
};

const organizer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const researcher = { authorization: `Bearer ${RESEARCH_TOKEN}` };
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const json = 'application/json';

const vote = (c: Context, payload: string | Buffer, headers: Record<string, string> = {}): InjectOptions => ({
  method: 'POST',
  url: '/api/votes',
  headers: { ...c.owner, 'content-type': json, ...headers },
  payload,
});
const voteFor = (c: Context, body: unknown) => vote(c, JSON.stringify(body));
const rename = (c: Context, payload: string | Buffer): InjectOptions => ({
  method: 'PUT',
  url: '/api/me',
  headers: { ...c.owner, 'content-type': json },
  payload,
});
const research = (url: string): InjectOptions => ({ method: 'GET', url, headers: researcher });
const exclusion = (pseudonym: string, body: unknown): InjectOptions => ({
  method: 'PUT',
  url: `/api/raters/${pseudonym}/exclusion`,
  headers: { ...organizer, 'content-type': json },
  payload: JSON.stringify(body),
});
const upload = (payload: string | Buffer, contentType: string, query = '', headers: Record<string, string> = organizer): InjectOptions => ({
  method: 'POST',
  url: `/api/question-sets${query}`,
  headers: { ...headers, 'content-type': contentType },
  payload,
});
const preview = (payload: string): InjectOptions => ({
  method: 'POST',
  url: '/api/question-sets/preview',
  headers: { ...organizer, 'content-type': json },
  payload,
});
const analyze = (payload: string, contentType: string, query = ''): InjectOptions => ({
  method: 'POST',
  url: `/api/research/analyze${query}`,
  headers: { ...researcher, 'content-type': contentType },
  payload,
});

/** tiny.json with text replaced; each replaced text must be there, so a changed fixture fails loudly. */
const tinyText = readFileSync(TINY_SET, 'utf8');
const tinyWith = (...edits: [from: string, to: string][]) =>
  edits.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`tiny.json no longer contains ${from}`);
    return text.replace(from, to);
  }, tinyText);

const csvHeader = 'question_id,category,prompt,model,answer\n';
const uploadCsv = (csv: string | Buffer) => upload(csv, 'text/csv', '?id=sheet&name=Sheet');

const layout = join(import.meta.dirname, '../fixtures/mt-bench-layout');
const mtBench = {
  question: readFileSync(join(layout, 'question.jsonl'), 'utf8'),
  alpha: readFileSync(join(layout, 'model_answer/alpha-7b.jsonl'), 'utf8'),
  beta: readFileSync(join(layout, 'model_answer/Beta-13B.jsonl'), 'utf8'),
};
const linesOf = (text: string) => text.trimEnd().split('\n');
const mtBenchZip = (files: Partial<Record<keyof typeof mtBench, string | Buffer>>) => {
  const { question, alpha, beta } = { ...mtBench, ...files };
  const encode = (file: string | Buffer) => (typeof file === 'string' ? new TextEncoder().encode(file) : new Uint8Array(file));
  return Buffer.from(
    zipSync({
      'mt/question.jsonl': encode(question),
      'mt/model_answer/alpha-7b.jsonl': encode(alpha),
      'mt/model_answer/Beta-13B.jsonl': encode(beta),
    }),
  );
};
const uploadZip = (zip: Uint8Array) => upload(Buffer.from(zip), 'application/zip', '?id=mt&name=MT');

const voteCases: RefusedCase[] = [
  { name: 'a vote whose assignmentId is a number', request: (c) => voteFor(c, { assignmentId: 12, choice: 'A' }), status: 400, code: 'INVALID_REQUEST', field: 'assignmentId' },
  { name: 'a vote whose choice is not A, B or tie', request: (c) => voteFor(c, { assignmentId: c.openId, choice: 'left' }), status: 400, code: 'INVALID_REQUEST', field: 'choice' },
  { name: 'a vote whose choice is a list', request: (c) => voteFor(c, { assignmentId: c.openId, choice: ['A'] }), status: 400, code: 'INVALID_REQUEST', field: 'choice' },
  { name: 'a vote without a choice', request: (c) => voteFor(c, { assignmentId: c.openId }), status: 400, code: 'INVALID_REQUEST', field: 'choice' },
  { name: 'a vote without an assignmentId', request: (c) => voteFor(c, { choice: 'A' }), status: 400, code: 'INVALID_REQUEST', field: 'assignmentId' },
  { name: 'a vote with an extra field', request: (c) => voteFor(c, { assignmentId: c.openId, choice: 'A', weight: 10 }), status: 400, code: 'INVALID_REQUEST', field: 'weight' },
  {
    name: 'a vote with ten thousand unknown fields',
    request: (c) => voteFor(c, { assignmentId: c.openId, choice: 'A', ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 1])) }),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'k0',
  },
  { name: 'a vote body that is JSON null', request: (c) => vote(c, 'null'), status: 400, code: 'INVALID_REQUEST', field: 'body' },
  { name: 'a vote body that is a JSON array', request: (c) => vote(c, '[]'), status: 400, code: 'INVALID_REQUEST', field: 'body' },
  { name: 'an empty vote body sent as JSON', request: (c) => vote(c, ''), status: 400, code: 'EMPTY_BODY', says: /empty/ },
  { name: 'a truncated JSON vote', request: (c) => vote(c, `{"assignmentId": "${c.openId}", "cho`), status: 400, code: 'INVALID_JSON', says: /JSON/ },
  { name: 'a vote with a byte that is not UTF-8 between its fields', request: (c) => vote(c, bytes('{"assignmentId":"x",', [0xff], '"choice":"A"}')), status: 400, code: 'NOT_UTF8', says: /UTF-8/ },
  { name: 'a vote in UTF-16', request: (c) => vote(c, Buffer.from(`{"assignmentId":"${c.openId}","choice":"A"}`, 'utf16le')), status: 400, code: 'INVALID_JSON', says: /JSON/ },
  { name: 'a vote with a __proto__ key', request: (c) => vote(c, `{"__proto__":{"admin":true},"assignmentId":"${c.openId}","choice":"A"}`), status: 400, code: 'INVALID_JSON', says: /JSON/ },
  { name: 'a vote with a __proto__ key spelled with a JSON escape', request: (c) => vote(c, `{"\\u005f_proto__":{"admin":true},"assignmentId":"${c.openId}","choice":"A"}`), status: 400, code: 'INVALID_JSON', says: /__proto__/ },
  { name: 'a vote with a constructor.prototype key', request: (c) => vote(c, `{"constructor":{"prototype":{"admin":true}},"assignmentId":"${c.openId}","choice":"A"}`), status: 400, code: 'INVALID_JSON', says: /JSON/ },
  { name: 'a vote whose duplicate choice key ends on an invalid value', request: (c) => vote(c, `{"assignmentId":"${c.openId}","choice":"A","choice":"zzz"}`), status: 400, code: 'INVALID_REQUEST', field: 'choice' },
  { name: 'a vote with a 1 MB assignmentId', request: (c) => voteFor(c, { assignmentId: 'a'.repeat(1024 * 1024), choice: 'A' }), status: 413, code: 'BODY_TOO_LARGE', says: /larger than/ },
  { name: 'a vote with a 100 kB assignmentId', request: (c) => voteFor(c, { assignmentId: 'a'.repeat(100_000), choice: 'A' }), status: 400, code: 'INVALID_REQUEST', field: 'assignmentId' },
  { name: 'a vote whose assignmentId is a list of 200,000 strings', request: (c) => voteFor(c, { assignmentId: Array(200_000).fill('x'), choice: 'A' }), status: 400, code: 'INVALID_REQUEST', field: 'assignmentId' },
  {
    name: 'a vote whose assignmentId is nested 200,000 lists deep',
    request: (c) => vote(c, `{"assignmentId":${'['.repeat(200_000)}${']'.repeat(200_000)},"choice":"A"}`),
    status: 400,
    code: 'INVALID_JSON',
    says: /nested too deeply/,
  },
  { name: 'a vote on an unknown assignment', request: (c) => voteFor(c, { assignmentId: 'no-such-assignment', choice: 'A' }), status: 404, code: 'ASSIGNMENT_NOT_FOUND', field: 'assignmentId' },
  { name: "a vote on another rater's assignment", request: (c) => voteFor(c, { assignmentId: c.foreignId, choice: 'A' }), status: 404, code: 'ASSIGNMENT_NOT_FOUND', field: 'assignmentId' },
  { name: 'a second, different vote on a voted assignment', request: (c) => voteFor(c, { assignmentId: c.votedId, choice: 'B' }), status: 409, code: 'ALREADY_VOTED', field: 'choice' },
  { name: 'a different vote smuggled in as the last of two choice keys', request: (c) => vote(c, `{"assignmentId":"${c.votedId}","choice":"A","choice":"B"}`), status: 409, code: 'ALREADY_VOTED', field: 'choice' },
  { name: 'a vote whose assignmentId holds bytes that are not UTF-8', request: (c) => vote(c, bytes('{"assignmentId":"', [0xff, 0xfe], '","choice":"A"}')), status: 400, code: 'NOT_UTF8', field: 'body' },
  { name: 'a vote whose assignmentId is a lone surrogate', request: (c) => vote(c, '{"assignmentId":"\\ud800","choice":"A"}'), status: 404, code: 'ASSIGNMENT_NOT_FOUND', field: 'assignmentId' },
  { name: 'a vote whose assignmentId is a NUL byte', request: (c) => vote(c, '{"assignmentId":"\\u0000","choice":"A"}'), status: 404, code: 'ASSIGNMENT_NOT_FOUND', field: 'assignmentId' },
  { name: 'a vote whose assignmentId ends in a zero-width space', request: (c) => voteFor(c, { assignmentId: `${c.openId}\u200b`, choice: 'A' }), status: 404, code: 'ASSIGNMENT_NOT_FOUND', field: 'assignmentId' },
  { name: 'a vote whose assignmentId starts with a right-to-left override', request: (c) => voteFor(c, { assignmentId: `\u202e${c.openId}`, choice: 'A' }), status: 404, code: 'ASSIGNMENT_NOT_FOUND', field: 'assignmentId' },
  { name: 'a vote sent as multipart/form-data', request: (c) => vote(c, '--b\r\nContent-Disposition: form-data; name="choice"\r\n\r\nA\r\n--b--\r\n', { 'content-type': 'multipart/form-data; boundary=b' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', says: /media type/i },
  { name: 'a vote sent as application/xml', request: (c) => vote(c, '<vote choice="A"/>', { 'content-type': 'application/xml' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', says: /media type/i },
  {
    name: 'a vote without a content type',
    request: (c) => ({ method: 'POST', url: '/api/votes', headers: c.owner, payload: Buffer.from(`{"assignmentId":"${c.openId}","choice":"A"}`) }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'content-type',
    says: /media type/i,
  },
  {
    name: 'a vote without a rater cookie',
    request: (c) => ({ method: 'POST', url: '/api/votes', headers: { 'content-type': json }, payload: JSON.stringify({ assignmentId: c.openId, choice: 'A' }) }),
    status: 401,
    code: 'RATER_REQUIRED',
    says: /cookie/,
  },
  {
    name: 'a vote with a forged rater cookie',
    request: (c) => ({ method: 'POST', url: '/api/votes', headers: { cookie: 'arena_rater=forged', 'content-type': json }, payload: JSON.stringify({ assignmentId: c.openId, choice: 'A' }) }),
    status: 401,
    code: 'RATER_REQUIRED',
    says: /cookie/,
  },
];

const displayNameCases: RefusedCase[] = [
  { name: 'a display name that is a number', request: (c) => rename(c, '{"displayName": 5}'), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a display name that is an object', request: (c) => rename(c, '{"displayName": {"first": "Ada"}}'), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a rename without displayName', request: (c) => rename(c, '{}'), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a rename with an extra field', request: (c) => rename(c, '{"displayName": "Ada", "pseudonym": "rater-admin"}'), status: 400, code: 'INVALID_REQUEST', field: 'pseudonym' },
  { name: 'a display name of 10,000 characters', request: (c) => rename(c, JSON.stringify({ displayName: 'x'.repeat(10_000) })), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a display name of 100,000 zero-width spaces', request: (c) => rename(c, JSON.stringify({ displayName: '\u200b'.repeat(100_000) })), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a rename body that is a JSON string', request: (c) => rename(c, '"Ada"'), status: 400, code: 'INVALID_REQUEST', field: 'body' },
  { name: 'a truncated JSON rename', request: (c) => rename(c, '{"displayName": "Ad'), status: 400, code: 'INVALID_JSON', says: /JSON/ },
];

const queryCases: RefusedCase[] = [
  { name: 'an unknown parameter on the ratings', request: () => research('/api/research/ratings?foo=1'), status: 400, code: 'INVALID_REQUEST', field: 'foo' },
  { name: 'a negative k', request: () => research('/api/research/ratings?k=-5'), status: 400, code: 'INVALID_REQUEST', field: 'k' },
  { name: 'k=NaN', request: () => research('/api/research/ratings?k=NaN'), status: 400, code: 'INVALID_REQUEST', field: 'k' },
  { name: 'k=Infinity', request: () => research('/api/research/ratings?k=Infinity'), status: 400, code: 'INVALID_REQUEST', field: 'k' },
  { name: 'k given twice', request: () => research('/api/research/ratings?k=16&k=32'), status: 400, code: 'INVALID_REQUEST', field: 'k' },
  { name: 'k as a NUL byte', request: () => research('/api/research/ratings?k=%00'), status: 400, code: 'INVALID_REQUEST', field: 'k' },
  { name: 'a fractional number of rounds', request: () => research('/api/research/ratings?rounds=1.5'), status: 400, code: 'INVALID_REQUEST', field: 'rounds' },
  { name: 'a billion bootstrap rounds', request: () => research('/api/research/ratings?rounds=1e9'), status: 400, code: 'INVALID_REQUEST', field: 'rounds' },
  { name: 'a seed that is not a number', request: () => research('/api/research/ratings?seed=abc'), status: 400, code: 'INVALID_REQUEST', field: 'seed' },
  { name: 'a negative seed', request: () => research('/api/research/ratings?seed=-1'), status: 400, code: 'INVALID_REQUEST', field: 'seed' },
  { name: 'an anchor of 100 characters', request: () => research(`/api/research/ratings?anchor=${'a'.repeat(100)}`), status: 400, code: 'INVALID_REQUEST', field: 'anchor' },
  { name: 'negative rounds on the consistency', request: () => research('/api/research/consistency?rounds=-1'), status: 400, code: 'INVALID_REQUEST', field: 'rounds' },
  { name: 'an unknown ties mode on the heatmap', request: () => research('/api/research/heatmap?ties=sometimes'), status: 400, code: 'INVALID_REQUEST', field: 'ties' },
  { name: 'an unknown heatmap format', request: () => research('/api/research/heatmap?format=xml'), status: 400, code: 'INVALID_REQUEST', field: 'format' },
  { name: 'an unknown export format', request: () => research('/api/export/votes?format=xml'), status: 400, code: 'INVALID_REQUEST', field: 'format' },
  { name: 'an export from "yesterday"', request: () => research('/api/export/votes?from=yesterday'), status: 400, code: 'INVALID_REQUEST', field: 'from' },
  { name: 'an export from month 13', request: () => research('/api/export/votes?from=2026-13-45T00:00:00Z'), status: 400, code: 'INVALID_REQUEST', field: 'from' },
  { name: 'an export from February 30', request: () => research('/api/export/votes?from=2026-02-30T00:00:00Z'), status: 400, code: 'INVALID_REQUEST', field: 'from' },
  { name: 'an export from an instant without an offset', request: () => research('/api/export/votes?from=2026-01-01T00:00:00'), status: 400, code: 'INVALID_REQUEST', field: 'from' },
  { name: 'an export to a date without a time', request: () => research('/api/export/votes?to=2026-01-01'), status: 400, code: 'INVALID_REQUEST', field: 'to' },
  { name: 'an export with an unknown parameter', request: () => research('/api/export/votes?limit=5'), status: 400, code: 'INVALID_REQUEST', field: 'limit' },
  { name: 'an export of a malformed category', request: () => research('/api/export/votes?category=Not%20A%20Category'), status: 400, code: 'INVALID_REQUEST', field: 'category' },
  { name: 'a leaderboard category that climbs directories', request: () => ({ method: 'GET', url: '/api/leaderboard?category=../../etc' }), status: 400, code: 'INVALID_REQUEST', field: 'category' },
];

const pathCases: RefusedCase[] = [
  { name: 'an exclusion of the pseudonym %00', request: () => exclusion('%00', { excluded: true }), status: 404, code: 'RATER_NOT_FOUND', field: 'pseudonym' },
  { name: 'an exclusion of a right-to-left override', request: () => exclusion('%E2%80%AE', { excluded: true }), status: 404, code: 'RATER_NOT_FOUND', field: 'pseudonym' },
  { name: 'an exclusion of an unknown rater', request: () => exclusion('rater-nobody', { excluded: true }), status: 404, code: 'RATER_NOT_FOUND', field: 'pseudonym' },
  { name: 'an exclusion of an 80-character pseudonym', request: () => exclusion('a'.repeat(80), { excluded: true }), status: 400, code: 'INVALID_REQUEST', field: 'pseudonym' },
  { name: 'an exclusion whose excluded is a string', request: () => exclusion('rater-nobody', { excluded: 'yes' }), status: 400, code: 'INVALID_REQUEST', field: 'excluded' },
  { name: 'an exclusion with a 600-character reason', request: () => exclusion('rater-nobody', { excluded: true, reason: 'x'.repeat(600) }), status: 400, code: 'INVALID_REQUEST', field: 'reason' },
];

const tinyUpload = () => upload(tinyText, json);
const authCases: RefusedCase[] = [
  { name: 'an upload without a token', request: () => upload(tinyText, json, '', {}), status: 401, code: 'TOKEN_REQUIRED', says: /Authorization/ },
  { name: 'an upload with Basic credentials', request: () => upload(tinyText, json, '', { authorization: 'Basic YWRtaW46YWRtaW4=' }), status: 401, code: 'BAD_AUTHORIZATION', says: /Authorization/ },
  { name: 'an upload with "Bearer" and no token', request: () => upload(tinyText, json, '', { authorization: 'Bearer' }), status: 401, code: 'BAD_AUTHORIZATION', says: /Authorization/ },
  { name: 'an upload with two tokens', request: () => upload(tinyText, json, '', { authorization: `Bearer ${ADMIN_TOKEN} ${ADMIN_TOKEN}` }), status: 401, code: 'BAD_AUTHORIZATION', says: /Authorization/ },
  { name: 'an upload with a wrong token', request: () => upload(tinyText, json, '', { authorization: 'Bearer wrong-token-0123456789' }), status: 403, code: 'FORBIDDEN', says: /organizer/ },
  { name: 'an upload with the organizer token and a NUL appended', request: () => upload(tinyText, json, '', { authorization: `Bearer ${ADMIN_TOKEN}\u0000` }), status: 403, code: 'FORBIDDEN', says: /organizer/ },
  { name: 'an upload with the researcher token', request: () => upload(tinyText, json, '', researcher), status: 403, code: 'FORBIDDEN', says: /organizer/ },
  { name: 'a preview without a token', request: () => ({ ...tinyUpload(), url: '/api/question-sets/preview', headers: { 'content-type': json } }), status: 401, code: 'TOKEN_REQUIRED', says: /Authorization/ },
  { name: 'an exclusion with the researcher token', request: () => ({ ...exclusion('rater-nobody', { excluded: true }), headers: { ...researcher, 'content-type': json } }), status: 403, code: 'FORBIDDEN', says: /organizer/ },
  { name: 'the rater list with the researcher token', request: () => ({ method: 'GET', url: '/api/raters', headers: researcher }), status: 403, code: 'FORBIDDEN', says: /organizer/ },
  { name: 'the ratings without a token', request: () => ({ method: 'GET', url: '/api/research/ratings' }), status: 401, code: 'TOKEN_REQUIRED', says: /Authorization/ },
  { name: 'the ratings with a malformed Authorization header', request: () => ({ method: 'GET', url: '/api/research/ratings', headers: { authorization: RESEARCH_TOKEN } }), status: 401, code: 'BAD_AUTHORIZATION', says: /Authorization/ },
  { name: 'the ratings with a wrong token', request: () => ({ method: 'GET', url: '/api/research/ratings', headers: { authorization: 'Bearer wrong-token-0123456789' } }), status: 403, code: 'FORBIDDEN', says: /researcher/ },
  { name: 'the vote export without a token', request: () => ({ method: 'GET', url: '/api/export/votes?format=csv' }), status: 401, code: 'TOKEN_REQUIRED', says: /Authorization/ },
  { name: 'an external-log analysis without a token', request: () => ({ ...analyze('model_a,model_b,winner\nx,y,tie\n', 'text/csv'), headers: { 'content-type': 'text/csv' } }), status: 401, code: 'TOKEN_REQUIRED', says: /Authorization/ },
];

const jsonSetCases: RefusedCase[] = [
  { name: 'a set where a model does not answer a question', request: () => upload(tinyWith([', "model-z": ["5"]', '']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.0.answers', line: 16, says: /model-z/ },
  { name: 'a set with a duplicate question id', request: () => upload(tinyWith(['"id": "q2"', '"id": "q1"']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.1.id', line: 19, says: /duplicate question id "q1"/ },
  { name: 'a set with an unknown category', request: () => upload(tinyWith(['"category": "programming"', '"category": "astrology"']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.2.category', line: 26, says: /astrology/ },
  { name: 'a set with a blank question', request: () => upload(tinyWith(['"Write a haiku about rain."', '"   "']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.1.turns.0', line: 21 },
  { name: 'a set with an answer of two turns to a one-turn question', request: () => upload(tinyWith(['"model-x": ["$4$"]', '"model-x": ["$4$", "and more"]']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.0.answers.model-x', line: 16, says: /2 turns/ },
  { name: 'a set with answers from an undeclared model', request: () => upload(tinyWith(['"model-y": ["Four."]', '"model-y": ["Four."], "model-q": ["?"]']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.0.answers.model-q', line: 16 },
  { name: 'a set in another format version', request: () => upload(tinyWith(['arena-question-set/1', 'arena-question-set/2']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'format', line: 2 },
  { name: 'a set truncated mid-file', request: () => upload(tinyText.slice(0, 300), json), status: 400, code: 'INVALID_JSON', field: '(file)', line: 13 },
  { name: 'a set with a right-to-left override in a model name', request: () => upload(tinyWith(['{ "name": "model-y" }', '{ "name": "model-\u202ey" }']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'models.1.name', line: 8 },
  { name: 'a set with a zero-width space in a question id', request: () => upload(tinyWith(['"id": "q3"', '"id": "q\u200b3"']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.2.id', line: 25 },
  { name: 'a set with a NUL byte in a category', request: () => upload(tinyWith(['"category": "math"', '"category": "ma\\u0000th"']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.0.category', line: 14 },
  { name: 'a set whose duplicate id key ends on an invalid slug', request: () => upload(tinyWith(['"id": "tiny",', '"id": "tiny", "id": "Bad Slug",']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'id', line: 3 },
  { name: 'a set with a __proto__ key', request: () => upload(tinyWith(['"id": "tiny",', '"id": "tiny", "__proto__": {"admin": true},']), json), status: 400, code: 'INVALID_QUESTION_SET', field: '(root)', says: /__proto__/ },
  {
    name: 'a set declaring 201 models',
    request: () => upload(JSON.stringify({ ...JSON.parse(tinyText), models: Array.from({ length: 201 }, (_, i) => ({ name: `m${i}` })) }, null, 2), json),
    status: 400,
    code: 'INVALID_QUESTION_SET',
    field: 'models',
    line: 6,
  },
  { name: 'a set that is JSON null', request: () => upload('null', json), status: 400, code: 'INVALID_QUESTION_SET', field: '(root)', line: 1 },
  { name: 'an empty set file', request: () => upload('', json), status: 400, code: 'INVALID_JSON', field: '(file)', line: 1 },
  { name: 'two JSON documents in one file', request: () => upload('{}\n{}', json), status: 400, code: 'INVALID_JSON', field: '(file)', line: 2 },
  { name: 'a set over the upload limit', request: () => upload(JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }), json), status: 413, code: 'BODY_TOO_LARGE', says: /larger than/ },
  { name: 'a preview of a set with an unknown category', request: () => preview(tinyWith(['"category": "writing"', '"category": "astrology"'])), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.1.category', line: 20 },
  { name: 'an upload sent as application/xml', request: () => upload('<set/>', 'application/xml'), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', says: /media type/i },
  {
    name: 'an upload sent as multipart/form-data',
    request: () => upload(`--b\r\nContent-Disposition: form-data; name="file"; filename="set.json"\r\n\r\n${tinyText}\r\n--b--\r\n`, 'multipart/form-data; boundary=b'),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'content-type',
    says: /media type/i,
  },
  { name: 'an upload whose id parameter is not a slug', request: () => upload(tinyText, json, '?id=Bad%20Slug'), status: 400, code: 'INVALID_REQUEST', field: 'id' },
  { name: 'an upload with an unknown parameter', request: () => upload(tinyText, json, '?force=1'), status: 400, code: 'INVALID_REQUEST', field: 'force' },
];

const csvSetCases: RefusedCase[] = [
  { name: 'a CSV where a model does not answer a question', request: () => uploadCsv(`${csvHeader}q1,math,2+2?,x,4\nq1,math,2+2?,y,5\nq2,math,3+3?,x,6\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: model', line: 4, says: /no answer from model "y"/ },
  { name: 'a CSV repeating a question id with another category', request: () => uploadCsv(`${csvHeader}q1,math,2+2?,x,4\nq1,math,2+2?,y,5\nq1,writing,2+2?,z,5\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: category', line: 4 },
  { name: 'a CSV with two answers of one model to one question', request: () => uploadCsv(`${csvHeader}q1,math,2+2?,x,4\nq1,math,2+2?,y,5\nq1,math,2+2?,y,6\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: model', line: 4 },
  { name: 'a CSV with an unknown category', request: () => uploadCsv(`${csvHeader}q1,astrology,2+2?,x,4\nq1,astrology,2+2?,y,5\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: category', line: 2, says: /astrology/ },
  { name: 'a CSV with an empty question id', request: () => uploadCsv(`${csvHeader}q1,math,2+2?,x,4\n,math,2+2?,y,5\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: question_id', line: 3 },
  {
    name: 'a CSV where a model answers one turn of a two-turn question',
    request: () => uploadCsv('question_id,category,prompt,model,answer,turn\nq1,math,2+2?,x,4,1\nq1,math,2+2?,y,5,1\nq1,math,and 3?,x,7,2\n'),
    status: 400,
    code: 'INVALID_QUESTION_SET',
    field: 'questions.csv: answer',
    line: 3,
    says: /1 turns, the question has 2/,
  },
  { name: 'a CSV with turn 0', request: () => uploadCsv('question_id,category,prompt,model,answer,turn\nq1,math,2+2?,x,4,0\n'), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: turn', line: 2 },
  { name: 'a CSV row with too few fields', request: () => uploadCsv(`${csvHeader}q1,math,2+2?,x,4\nq1,math\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: (row)', line: 3 },
  { name: 'a CSV without a model column', request: () => uploadCsv('question_id,category,prompt,answer\nq1,math,2+2?,4\n'), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: (header)', line: 1, says: /model/ },
  { name: 'a CSV with a quote never closed', request: () => uploadCsv(`${csvHeader}q1,math,"2+2?,x,4\nq1,math,2+2?,y,5\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: (file)', line: 2 },
  { name: 'a CSV with text after a closing quote', request: () => uploadCsv(`${csvHeader}q1,math,"2+2?"x,x,4\n`), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: (file)', line: 2 },
  { name: 'an empty CSV', request: () => uploadCsv(''), status: 400, code: 'INVALID_QUESTION_SET', field: 'questions.csv: (header)', line: 1 },
  { name: 'a CSV with bytes that are not UTF-8', request: () => uploadCsv(bytes(`${csvHeader}q1,math,2+2?,x,4\nq1,math,2+2?,y,`, [0xc3, 0x28], '\n')), status: 400, code: 'NOT_UTF8', says: /UTF-8/ },
  { name: 'a CSV with a UTF-8-encoded lone surrogate', request: () => uploadCsv(bytes(`${csvHeader}q1,math,2+2?,x,4\nq1,math,2+2?,y,`, [0xed, 0xa0, 0x80], '\n')), status: 400, code: 'NOT_UTF8', says: /UTF-8/ },
];

const q = linesOf(mtBench.question);
const zipCases: RefusedCase[] = [
  { name: 'an MT-Bench zip where a model does not answer a question', request: () => uploadZip(mtBenchZip({ beta: linesOf(mtBench.beta).slice(1).join('\n') })), status: 400, code: 'INVALID_QUESTION_SET', field: 'model_answer/Beta-13B.jsonl: question_id', says: /no answer to question 131/ },
  { name: 'an MT-Bench zip with a duplicate question id', request: () => uploadZip(mtBenchZip({ question: [q[0], ...q].join('\n') })), status: 400, code: 'INVALID_QUESTION_SET', field: 'question.jsonl: question_id', line: 2, says: /duplicate question id 81/ },
  { name: 'an MT-Bench zip with an unknown category', request: () => uploadZip(mtBenchZip({ question: mtBench.question.replace('"stem"', '"astrology"') })), status: 400, code: 'INVALID_QUESTION_SET', field: 'question.jsonl: category', line: 3, says: /astrology/ },
  {
    name: 'an MT-Bench zip with an answer of three turns to a two-turn question',
    request: () => uploadZip(mtBenchZip({ alpha: mtBench.alpha.replace('"Rayleigh scattering.", ', '"Rayleigh scattering.", "And more.", ') })),
    status: 400,
    code: 'INVALID_QUESTION_SET',
    field: 'model_answer/alpha-7b.jsonl: choices.0.turns',
    line: 3,
    says: /3 turns, the question has 2/,
  },
  { name: 'an MT-Bench zip whose answer file names another model', request: () => uploadZip(mtBenchZip({ alpha: mtBench.alpha.replace('"model_id": "alpha-7b"', '"model_id": "gamma"') })), status: 400, code: 'INVALID_QUESTION_SET', field: 'model_answer/alpha-7b.jsonl: model_id', line: 1, says: /gamma/ },
  {
    name: 'an MT-Bench zip with an answer to an undeclared question',
    request: () => uploadZip(mtBenchZip({ alpha: `${mtBench.alpha.trimEnd()}\n{"question_id": 999, "model_id": "alpha-7b", "choices": [{"turns": ["x", "y"]}]}\n` })),
    status: 400,
    code: 'INVALID_QUESTION_SET',
    field: 'model_answer/alpha-7b.jsonl: question_id',
    line: 4,
    says: /999/,
  },
  { name: 'an MT-Bench zip with question.jsonl truncated mid-line', request: () => uploadZip(mtBenchZip({ question: mtBench.question.trimEnd().slice(0, -10) })), status: 400, code: 'INVALID_QUESTION_SET', field: 'question.jsonl: (line)', line: 3 },
  { name: 'an MT-Bench zip with bytes that are not UTF-8', request: () => uploadZip(mtBenchZip({ question: bytes(mtBench.question, [0xff], '\n') })), status: 400, code: 'NOT_UTF8', field: 'mt/question.jsonl' },
  {
    name: 'a zip holding one question-set JSON with a duplicate question id',
    request: () => uploadZip(zipSync({ 'set.json': new TextEncoder().encode(tinyWith(['"id": "q2"', '"id": "q1"'])) })),
    status: 400,
    code: 'INVALID_QUESTION_SET',
    field: 'questions.1.id',
    line: 19,
  },
  { name: 'a zip bomb (20 MB of zeros)', request: () => uploadZip(zipSync({ 'question.jsonl': new Uint8Array(20 * 1024 * 1024) }, { level: 9 })), status: 413, code: 'UPLOAD_TOO_LARGE', says: /unpacked upload is larger/ },
  { name: 'bytes that are not a zip, sent as application/zip', request: () => uploadZip(new TextEncoder().encode('PK but not a zip at all')), status: 400, code: 'INVALID_ZIP', says: /zip/ },
  { name: 'a zip with neither the MT-Bench layout nor a set', request: () => uploadZip(zipSync({ 'readme.txt': new TextEncoder().encode('hello') })), status: 400, code: 'UNKNOWN_LAYOUT', says: /question\.jsonl/ },
];

const vote1 = '{"model_a":"x","model_b":"y","winner":"model_a","judge":"j1","question_id":"q1"}';
const analyzeCases: RefusedCase[] = [
  { name: 'a JSONL log truncated mid-line at its end', request: () => analyze(`${vote1}\n${vote1}\n${vote1.slice(0, 30)}`, 'application/x-ndjson'), status: 400, code: 'INVALID_VOTE_LOG', field: 'json', line: 3 },
  { name: 'a JSONL log truncated mid-line in its middle', request: () => analyze(`${vote1}\n${vote1.slice(0, 30)}\n${vote1}\n`, 'application/jsonl'), status: 400, code: 'INVALID_VOTE_LOG', field: 'json', line: 2 },
  { name: 'a truncated JSONL log sent as text/plain', request: () => analyze(`${vote1}\n${vote1.slice(0, 30)}`, 'text/plain'), status: 400, code: 'INVALID_VOTE_LOG', field: 'json', line: 2 },
  { name: 'a JSON battle array truncated', request: () => analyze(`[\n${vote1},\n${vote1.slice(0, 40)}`, json), status: 400, code: 'INVALID_VOTE_LOG', field: 'json', line: 3 },
  { name: 'a JSON log that is not an array', request: () => analyze('{"votes": []}', json), status: 400, code: 'INVALID_VOTE_LOG', field: 'json', line: 1 },
  { name: 'an empty CSV log', request: () => analyze('', 'text/csv'), status: 400, code: 'INVALID_VOTE_LOG', field: 'csv', line: 1, says: /empty/ },
  { name: 'a CSV log without a winner column', request: () => analyze('model_a,model_b\nx,y\n', 'text/csv'), status: 400, code: 'INVALID_VOTE_LOG', field: 'winner', line: 1 },
  { name: 'a CSV log with an unknown winner', request: () => analyze('model_a,model_b,winner\nx,y,model_a\nx,y,maybe\n', 'text/csv'), status: 400, code: 'INVALID_VOTE_LOG', field: 'winner', line: 3, says: /maybe/ },
  { name: 'a CSV log where a model battles itself', request: () => analyze('model_a,model_b,winner\nx,x,model_a\n', 'text/csv'), status: 400, code: 'INVALID_VOTE_LOG', field: 'model_b', line: 2 },
  { name: 'a log sent as application/xml', request: () => analyze('<votes/>', 'application/xml'), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', says: /media type/i },
  { name: 'an analysis with an unknown ties mode', request: () => analyze('model_a,model_b,winner\nx,y,tie\n', 'text/csv', '?ties=maybe'), status: 400, code: 'INVALID_REQUEST', field: 'ties' },
  { name: 'an analysis filtered by category, which logs cannot be', request: () => analyze('model_a,model_b,winner\nx,y,tie\n', 'text/csv', '?category=math'), status: 400, code: 'INVALID_REQUEST', field: 'category' },
  { name: 'a log over the upload limit', request: () => analyze('x'.repeat(1024 * 1024 + 1), 'text/csv'), status: 413, code: 'BODY_TOO_LARGE', says: /larger than/ },
];

/** Cases that once got through (a 5xx, a changed database or a foreign error shape); kept so they stay refused. */
const regressionCases: RefusedCase[] = [
  { name: 'a question set nested 10,000 lists deep', request: () => upload(`{"junk": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, json), status: 400, code: 'INVALID_QUESTION_SET', field: '(root)' },
  { name: 'a vote log nested 20,000 lists deep', request: () => analyze(`[{"model_a": ${'['.repeat(20_000)}${']'.repeat(20_000)}, "model_b": "y", "winner": "tie"}]`, json), status: 400, code: 'INVALID_VOTE_LOG', field: 'model_a' },
  { name: 'an over-long pseudonym in the path', request: () => exclusion('a'.repeat(10_000), { excluded: true }), status: 414, code: 'URL_TOO_LONG', says: /longer than 100/ },
  { name: 'a path that is not UTF-8 percent-encoding', request: () => ({ method: 'GET', url: '/api/%FF' }), status: 400, code: 'BAD_URL', says: /percent-encoded/ },
  { name: 'a display name with bytes that are not UTF-8', request: (c) => rename(c, bytes('{"displayName":"a', [0xc3, 0x28], '"}')), status: 400, code: 'NOT_UTF8', field: 'body' },
  { name: 'a question set with bytes that are not UTF-8', request: () => upload(Buffer.concat([Buffer.from(tinyText.slice(0, 200)), Buffer.from([0xff, 0xfe]), Buffer.from(tinyText.slice(200))]), json), status: 400, code: 'NOT_UTF8', field: 'body' },
  { name: 'a CSV vote log with a byte that is not UTF-8', request: () => analyze(bytes('model_a,model_b,winner\nx', [0xff], ',y,tie\n') as unknown as string, 'text/csv'), status: 400, code: 'NOT_UTF8', field: 'body' },
  { name: 'a display name with an unpaired surrogate', request: (c) => rename(c, '{"displayName":"a\\ud800b"}'), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a display name with a NUL', request: (c) => rename(c, '{"displayName":"a\\u0000b"}'), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a display name with a right-to-left override', request: (c) => rename(c, '{"displayName":"abc\\u202egpj.exe"}'), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'an invisible display name', request: (c) => rename(c, '{"displayName":"\\u200b\\u200b"}'), status: 400, code: 'INVALID_REQUEST', field: 'displayName' },
  { name: 'a question-set name with an unpaired surrogate', request: () => upload(tinyWith(['"Tiny test set"', '"Tiny \\ud800 set"']), json), status: 400, code: 'INVALID_QUESTION_SET', field: 'name', line: 4 },
  { name: 'a vote sent as text/plain', request: (c) => vote(c, '{"assignmentId":"x","choice":"A"}', { 'content-type': 'text/plain' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', says: /send application\/json$/ },
  { name: 'a question set sent as text/plain', request: () => upload(tinyText, 'text/plain'), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type', says: /send application\/json, text\/csv, application\/zip$/ },
];

const groups: [string, RefusedCase[]][] = [
  ['POST /api/votes', voteCases],
  ['PUT /api/me', displayNameCases],
  ['query strings', queryCases],
  ['paths', pathCases],
  ['tokens', authCases],
  ['question-set JSON uploads', jsonSetCases],
  ['question-set CSV uploads', csvSetCases],
  ['question-set zip uploads', zipCases],
  ['POST /api/research/analyze', analyzeCases],
  ['inputs that once got through', regressionCases],
];

let t: TestApp;
let context: Context;
beforeAll(async () => {
  t = await startTestApp();
  const owner = new TestRater(t.app);
  const voted = await owner.nextAssignment();
  await owner.voteOk(voted.assignmentId, 'A');
  const open = await owner.nextAssignment();
  const other = new TestRater(t.app);
  const foreign = await other.nextAssignment();
  context = { owner: owner.headers(), openId: open.assignmentId, votedId: voted.assignmentId, foreignId: foreign.assignmentId };
});
afterAll(async () => {
  await t.close();
});

async function expectRefused(c: RefusedCase): Promise<void> {
  const before = dumpDb(t.app);
  const response = await t.app.inject(c.request(context));
  expect(response.statusCode, response.body.slice(0, 500)).toBe(c.status);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  const { error } = errorShape.parse(response.json());
  expect(error.code).toBe(c.code);
  const details = error.details ?? [];
  if (c.field !== undefined) {
    expect(details).toContainEqual(expect.objectContaining({ field: c.field, ...(c.line === undefined ? {} : { line: c.line }) }));
  }
  if (c.says !== undefined) {
    expect([error.message, ...details.map((d) => `${d.field}: ${d.reason}`)].join('\n')).toMatch(c.says);
  }
  expect(dumpDb(t.app)).toBe(before);
}

describe.each(groups)('refuses malformed input to %s', (_group, cases) => {
  it.each(cases.map((c) => [`${c.name} with ${c.status} ${c.code}`, c] as const))('%s, and changes nothing', async (_title, c) => {
    await expectRefused(c);
  });
});

describe('duplicate JSON keys', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await startTestApp();
  });
  afterAll(async () => {
    await fresh.close();
  });

  it('counts the last of two choice keys in a vote, as JSON.parse does', async () => {
    const rater = new TestRater(fresh.app);
    const assignment = await rater.nextAssignment();
    const response = await fresh.app.inject({
      method: 'POST',
      url: '/api/votes',
      headers: { ...rater.headers(), 'content-type': json },
      payload: `{"assignmentId":"${assignment.assignmentId}","choice":"zzz","choice":"B"}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().choice).toBe('B');
    const stored = sqliteOf(fresh.app).prepare('select choice from votes').all();
    expect(stored).toEqual([{ choice: 'B' }]);
  });

  it('reads a set whose id key is repeated by its last value: the same content again, nothing written', async () => {
    const before = dumpDb(fresh.app);
    const response = await fresh.app.inject(upload(tinyWith(['"id": "tiny",', '"id": "Bad Slug", "id": "tiny",']), json));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ created: false, set: { slug: 'tiny', version: 1 } });
    expect(dumpDb(fresh.app)).toBe(before);
  });
});

it('throws at least 40 malformed requests', () => {
  expect(groups.reduce((sum, [, cases]) => sum + cases.length, 0)).toBeGreaterThanOrEqual(40);
});

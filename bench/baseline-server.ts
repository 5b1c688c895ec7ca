/**
 * The baseline of bench/vote-http.ts: a bare Fastify + zod + better-sqlite3 server that, per vote, inserts a row and
 * updates two rating rows in one transaction through cached statements. Nothing else: no scheduler, no cookies.
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { z } from 'zod';

const port = Number(process.env['PORT'] ?? 3200);
const db = new Database(process.env['DATABASE_URL'] ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`create table if not exists votes (id integer primary key, a text, b text, choice text, at text);
         create table if not exists ratings (model text primary key, rating real);
         insert or ignore into ratings values ('x', 1000), ('y', 1000);`);
const insert = db.prepare('insert into votes (a, b, choice, at) values (?, ?, ?, ?)');
const read = db.prepare('select rating from ratings where model = ?');
const update = db.prepare('update ratings set rating = ? where model = ?');
const vote = db.transaction((choice: string) => {
  insert.run('x', 'y', choice, new Date().toISOString());
  const a = (read.get('x') as { rating: number }).rating;
  const b = (read.get('y') as { rating: number }).rating;
  const delta = 16 * ((choice === 'A' ? 1 : choice === 'tie' ? 0.5 : 0) - 1 / (1 + 10 ** ((b - a) / 400)));
  update.run(a + delta, 'x');
  update.run(b - delta, 'y');
  return a + delta;
});
const body = z.object({ assignmentId: z.string(), choice: z.enum(['A', 'B', 'tie']) });

const app = Fastify();
let next = 0;
app.get('/api/next', async () => ({ status: 'assigned', assignmentId: String(next++) }));
app.post('/api/votes', async (request) => ({ rating: vote(body.parse(request.body).choice) }));
app.get('/api/health', async () => ({ ok: true }));
await app.listen({ port, host: '127.0.0.1' });

import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onExit } from './exit.js';
import { freePort } from './servers.js';

export interface PostgresServer {
  /** Creates an empty database for one run; drop() removes it. */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  /** Where the figures were measured, for the report. */
  description: string;
  stop(): Promise<void>;
}

/** The newest /usr/lib/postgresql/<version>/bin, as Debian installs it (and .ci/run finds it). */
function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (newest === undefined) throw new Error('no PostgreSQL under /usr/lib/postgresql: install it (apt-get install postgresql) or set BENCH_DATABASE_URL');
  return join(base, newest, 'bin');
}

/**
 * BENCH_DATABASE_URL when given (a server's maintenance database, e.g. postgres://postgres@127.0.0.1:5432/postgres:
 * databases are created and dropped on it); otherwise a throwaway cluster on a free loopback port, started the way
 * .ci/run starts one and removed on stop() — or, if the script dies first, on exit.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env['BENCH_DATABASE_URL'];
  if (given) return { createDatabase: () => createDatabase(given), description: 'BENCH_DATABASE_URL', stop: async () => undefined };

  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'arena-bench-pg-'));
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  chownSync(dir, id('-u'), id('-g'));
  const data = join(dir, 'data');
  const asPostgres = (command: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stopNow = (mode: 'fast' | 'immediate') => {
    try {
      asPostgres('pg_ctl', ['-D', data, '-m', mode, 'stop']);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const forget = onExit(() => stopNow('immediate'));
  const port = await freePort();
  try {
    asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres']);
    asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k /tmp`, '-w', 'start']);
  } catch (error) {
    stopNow('immediate');
    forget();
    throw error;
  }
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const version = /\d+(\.\d+)*/.exec(execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }))?.[0] ?? '?';
  return {
    createDatabase: () => createDatabase(adminUrl),
    description: `throwaway cluster, PostgreSQL ${version}, default settings`,
    stop: async () => {
      stopNow('fast');
      forget();
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `arena_bench_${process.pid}_${Date.now()}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // The servers have exited by now, so nothing holds a connection to it.
    drop: () => withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

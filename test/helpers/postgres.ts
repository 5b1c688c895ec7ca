import pg from 'pg';

/** TEST_DATABASE_URL points at a PostgreSQL server's maintenance database; tests create databases of their own on it. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];

/** A fresh, empty database for one test file; drop() removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `arena_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      // The apps' pools close their connections asynchronously; wait for them rather than killing them.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(`drop database if exists ${name}`);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((wait) => setTimeout(wait, 100));
        }
      }
      await client.end();
    },
  };
}

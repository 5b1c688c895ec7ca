import pg from 'pg';

/**
 * Runs `work` while sampling what PostgreSQL's busy client backends are doing (pg_stat_activity every 50 ms): waiting
 * on a lock (Lock:advisory is the arena's ratings or rater lock), on WAL I/O (IO:WALSync is a commit's flush), running,
 * or idle in a transaction (waiting for the server's next query). Returns the most frequent as shares of all samples,
 * so a throughput figure comes with where the time went.
 */
export async function withBackendWaits<T>(databaseUrl: string, work: () => Promise<T>): Promise<{ result: T; waits: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  const counts = new Map<string, number>();
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await client.query<{ wait: string }>(
        `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'running') else state end as wait
           from pg_stat_activity
          where state <> 'idle' and backend_type = 'client backend' and pid <> pg_backend_pid() and datname = current_database()`,
      );
      for (const { wait } of rows) counts.set(wait, (counts.get(wait) ?? 0) + 1);
      await new Promise((wait) => setTimeout(wait, 50));
    }
  })();
  try {
    const result = await work();
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const waits = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([wait, n]) => `${((100 * n) / total).toFixed(0)}% ${wait}`)
      .join(', ');
    return { result, waits };
  } finally {
    running = false;
    await sampling.catch(() => undefined);
    await client.end();
  }
}

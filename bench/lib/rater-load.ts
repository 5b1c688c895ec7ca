import { Agent, request } from 'undici';
import { percentile } from './stats.js';

export interface RaterLoadOptions {
  /** The instances' ports; raters are spread over them. */
  ports: readonly number[];
  connections: number;
  seconds: number;
  /**
   * 'sticky': rater i sends everything to ports[i % n], as a load balancer with session affinity would.
   * 'alternate': every request goes to the next instance after the one before, so next and vote never share one.
   */
  routing?: 'sticky' | 'alternate';
}

export interface RaterLoadResult {
  requestsPerSecond: number;
  votesPerSecond: number;
  /** Vote latency, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Answers other than 200, to items or votes. */
  errors: number;
  /** Votes answered 200: each must be in the database exactly once. */
  acknowledged: number;
  /** Raters the scheduler had nothing left for. */
  finishedRaters: number;
}

/**
 * CONNECTIONS simulated raters, each looping GET /api/next then POST /api/votes with its own cookie, until `seconds`
 * have passed; each finishes the pair it is in, so no request is in flight when this returns.
 */
export async function raterLoad({ ports, connections, seconds, routing = 'sticky' }: RaterLoadOptions): Promise<RaterLoadResult> {
  const agent = new Agent({ connections, pipelining: 1 });
  const voteLatencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let acknowledged = 0;
  let finishedRaters = 0;
  const deadline = performance.now() + seconds * 1000;
  const rater = async (index: number) => {
    let cookie = '';
    let sent = 0;
    const base = () => `http://127.0.0.1:${ports[(routing === 'sticky' ? index : index + sent++) % ports.length]}`;
    while (performance.now() < deadline) {
      const next = await request(`${base()}/api/next`, { dispatcher: agent, headers: cookie ? { cookie } : {} });
      const setCookie = next.headers['set-cookie'];
      if (!cookie && setCookie) cookie = String(setCookie).split(';')[0]!;
      requests++;
      if (next.statusCode !== 200) {
        errors++;
        await next.body.dump();
        continue;
      }
      const item = (await next.body.json()) as { status: string; assignmentId: string };
      if (item.status !== 'assigned') {
        finishedRaters++;
        return;
      }
      const started = performance.now();
      const vote = await request(`${base()}/api/votes`, {
        dispatcher: agent,
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ assignmentId: item.assignmentId, choice: ['A', 'B', 'tie'][(index + requests) % 3] }),
      });
      await vote.body.dump();
      voteLatencies.push(performance.now() - started);
      requests++;
      if (vote.statusCode === 200) acknowledged++;
      else errors++;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: connections }, (_, i) => rater(i)));
  const elapsed = (performance.now() - began) / 1000;
  await agent.close();
  voteLatencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: requests / elapsed,
    votesPerSecond: voteLatencies.length / elapsed,
    p50: percentile(voteLatencies, 0.5),
    p99: percentile(voteLatencies, 0.99),
    max: voteLatencies.at(-1) ?? NaN,
    errors,
    acknowledged,
    finishedRaters,
  };
}

/** One line of a results table: requests/s, votes/s, vote p50/p99, errors. */
export function loadRow(name: string, r: RaterLoadResult): string {
  return `${name.padEnd(46)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s ${r.votesPerSecond.toFixed(0).padStart(6)} votes/s   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   errors ${r.errors}`;
}

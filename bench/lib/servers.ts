import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { onExit } from './exit.js';

export const root = join(import.meta.dirname, '../..');

/** The environment every arena server in a benchmark gets: loopback only, no rate limits, quiet logs. */
export const arenaEnv = { HOST: '127.0.0.1', ARENA_RATE_LIMIT: '0', LOG_LEVEL: 'error' };

/** A port nobody listens on right now, so benchmarks run beside other servers on the machine. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `node <script…>` with PORT set and waits until /api/health answers 200. Errors the server logs pass through. */
export async function startServer(script: string[], port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, script, {
    cwd: root,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const forget = onExit(() => child.kill('SIGKILL'));
  child.once('exit', forget);
  for (let i = 0; i < 200 && child.exitCode === null; i++) {
    try {
      const response = await request(`http://127.0.0.1:${port}/api/health`);
      await response.body.dump();
      if (response.statusCode === 200) return child;
    } catch {
      // not yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script.join(' ')} did not start`);
}

/** SIGTERM, then wait for the process to close its connections and exit (SIGKILL after 10 s). */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory of a process (VmRSS), in MB. */
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU time a process has used so far, all its threads, in seconds (utime + stime from /proc). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: field 3 is the state, so utime and stime (fields 14 and 15) sit at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used so far by every process whose command line starts with `prefix` (all PostgreSQL's processes). */
export function cpuSecondsOfCommand(prefix: string): number {
  let seconds = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(prefix)) seconds += cpuSeconds(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return seconds;
}

/** CPU seconds this machine's cores have been busy so far, all processes (from /proc/stat: all but idle and iowait). */
export function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return (total - fields[3]! - fields[4]!) / 100;
}

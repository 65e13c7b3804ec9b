import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A real `redis-server` of a test file: its own loopback port and data folder, append-only file on. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** Its data folder (the append-only file lives there). */
  readonly dir: string;
  /** Stops the server and starts it again on the same port and folder: what it had written survives. */
  restart(): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** Why the suite cannot run without the server, in the words a developer needs. */
const MISSING =
  'the Redis tests need a real redis-server on PATH (Debian: apt-get install -y redis-server; .ci/run installs it)';

/** A free loopback port, chosen by the system. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no loopback port');
  return address.port;
}

/** Sends PING until the server answers PONG; rejects if the process ends first. */
function untilAnswers(port: number, child: ChildProcess, log: () => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const onExit = (code: number | null) => {
      if (done) return;
      done = true;
      reject(new Error(`redis-server exited (code ${code}) before answering: ${log().trim()}\n${MISSING}`));
    };
    child.once('exit', onExit);
    const attempt = () => {
      if (done) return;
      const socket = createConnection({ host: '127.0.0.1', port });
      let reply = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk: string) => {
        reply += chunk;
        if (reply.includes('\r\n')) {
          socket.destroy();
          if (reply.startsWith('+PONG')) {
            done = true;
            child.off('exit', onExit);
            resolve();
          } else {
            // LOADING (replaying the append-only file): ask again once this turn is over.
            setImmediate(attempt);
          }
        }
      });
      // Not listening yet: the server writes its socket soon; try again on the next turn of the event loop.
      socket.on('error', () => {
        socket.destroy();
        setImmediate(attempt);
      });
    };
    attempt();
  });
}

/** Starts `redis-server` on a free loopback port with a fresh data folder, and resolves once it answers. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'pyxis-redis-'));
  let child: ChildProcess | undefined;

  const launch = async () => {
    let log = '';
    const process_ = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        // fsync on every write, so a restart (or a kill) keeps everything that was acknowledged.
        '--appendfsync',
        'always',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    process_.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-2_000);
    });
    process_.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-2_000);
    });
    const spawned = new Promise<void>((resolve, reject) => {
      process_.once('spawn', resolve);
      process_.once('error', (error) =>
        reject(new Error(`cannot start redis-server (${error.message}): ${MISSING}`)),
      );
    });
    await spawned;
    child = process_;
    await untilAnswers(port, process_, () => log);
  };

  const halt = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    await exited;
  };

  await launch();
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One real Redis for a test file: started before its tests, stopped after them. When redis-server cannot start,
 * every test that reads `current` fails with the reason (vitest would only mark them skipped if the hook threw):
 * the suite never passes over Redis tests silently.
 */
export function useRedis(): { readonly current: RedisServer } {
  let server: RedisServer | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      server = await startRedisServer();
    } catch (error) {
      failure = error;
    }
  });
  afterAll(() => server?.stop());
  return {
    get current(): RedisServer {
      if (server) return server;
      throw failure ?? new Error('useRedis: the server is read before its beforeAll hook ran');
    },
  };
}

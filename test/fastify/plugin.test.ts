// The Fastify plugin against a real server on 127.0.0.1, ported from aiojobs' tests/test_aiohttp.py (numbers refer
// to its test catalogue), plus a client that disconnects in the middle of an atomic request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import pyxisSchedulerDefault, {
  atomic,
  getScheduler,
  type PyxisSchedulerOptions,
  pyxisScheduler,
  SchedulerNotRegisteredError,
  spawn,
} from '../../src/fastify/index.js';
import { type ExceptionContext, type Job, Scheduler } from '../../src/scheduler/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { deferred, nextTurn } from '../helpers/async.js';
import { recordUnhandledRejections } from '../helpers/unhandled.js';

/** Unlike the one in test/helpers/async.ts, this resolves at once for a signal that has aborted already. */
const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

const unhandledRejections = recordUnhandledRejections();

const apps: FastifyInstance[] = [];

/** A Fastify app, closed after the test; `setup` registers plugins and routes before it listens. */
async function startApp(setup: (app: FastifyInstance) => void | Promise<void>) {
  const app = Fastify();
  apps.push(app);
  await setup(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const get = (path: string) => request(port, path);
  return { app, port, get };
}

/** A GET on its own connection (`Connection: close`), so no idle keep-alive socket holds `app.close()` up. */
function request(port: number, path: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          );
          response.on('error', reject);
        })
        .on('error', reject);
    },
  );
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await nextTurn();
  expect(unhandledRejections.splice(0)).toEqual([]);
});

describe('registering the plugin', () => {
  it('exports the plugin as default and by name', () => {
    expect(pyxisSchedulerDefault).toBe(pyxisScheduler);
  });

  it('creates a scheduler with the options given, reachable from the app and its requests', async () => {
    const exceptionHandler = () => {};
    const options: PyxisSchedulerOptions = {
      limit: 3,
      pendingLimit: 4,
      closeTimeout: 5,
      waitTimeout: 6,
      exceptionHandler,
    };
    let fromRequest: Scheduler | undefined;
    const { app, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler, options);
      app.get('/', async (request) => {
        fromRequest = getScheduler(request);
        return 'ok';
      });
    });
    const scheduler = getScheduler(app);
    expect(scheduler).toBeInstanceOf(Scheduler);
    expect(scheduler).toMatchObject({
      limit: 3,
      pendingLimit: 4,
      closeTimeout: 5,
      waitTimeout: 6,
      exceptionHandler,
    });
    expect(await get('/')).toMatchObject({ status: 200, body: 'ok' });
    expect(fromRequest).toBe(scheduler);
  });

  it('refuses bad scheduler options when the app starts', async () => {
    const app = Fastify();
    apps.push(app);
    app.register(pyxisScheduler, { limit: 0 });
    await expect(app.ready()).rejects.toThrow(InvalidOptionError);
  });

  it('makes getScheduler and spawn fail clearly without it (58, 63)', async () => {
    let error: unknown;
    let spawnError: unknown;
    const { get } = await startApp((app) => {
      app.get('/', async (request) => {
        try {
          getScheduler(request);
        } catch (caught) {
          error = caught;
        }
        spawnError = await spawn(request, async () => {}).catch((caught: unknown) => caught);
        return 'ok';
      });
    });
    expect((await get('/')).status).toBe(200);
    expect(error).toBeInstanceOf(SchedulerNotRegisteredError);
    expect(spawnError).toBeInstanceOf(SchedulerNotRegisteredError);
  });

  it('shares the parent scheduler with encapsulated contexts (61)', async () => {
    let seen: Scheduler | undefined;
    const { app, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler);
      await app.register(
        async (child) => {
          child.get('/', async (request) => {
            seen = getScheduler(request);
            return 'ok';
          });
        },
        { prefix: '/sub' },
      );
    });
    expect((await get('/sub')).status).toBe(200);
    expect(seen).toBe(getScheduler(app));
  });

  it('gives a context that registers it a scheduler of its own (62)', async () => {
    let seen: Scheduler | undefined;
    let childScheduler: Scheduler | undefined;
    const { app, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler);
      await app.register(
        async (child) => {
          await child.register(pyxisScheduler, { limit: 1 });
          childScheduler = getScheduler(child);
          child.get('/', async (request) => {
            seen = getScheduler(request);
            return 'ok';
          });
        },
        { prefix: '/sub' },
      );
    });
    expect((await get('/sub')).status).toBe(200);
    expect(seen).toBe(childScheduler);
    expect(seen).not.toBe(getScheduler(app));
    expect(seen?.limit).toBe(1);
  });
});

describe('spawn and server close', () => {
  it('runs a job past the response, and closing the server waits for it, then closes (57)', async () => {
    const gate = deferred();
    let finished = false;
    let job: Job<void> | undefined;
    const { app, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler);
      app.get('/', async (request) => {
        job = await spawn(
          request,
          async () => {
            await gate.promise;
            finished = true;
          },
          { name: 'after the reply' },
        );
        const shielded = await getScheduler(request).shield(Promise.resolve('TEST'));
        return shielded;
      });
    });
    expect(await get('/')).toMatchObject({ status: 200, body: 'TEST' });
    const scheduler = getScheduler(app);
    expect(job?.active).toBe(true);

    const closing = app.close();
    await nextTurn();
    await nextTurn();
    expect(scheduler.closed).toBe(false);
    gate.resolve();
    await closing;
    expect(finished).toBe(true);
    expect(job?.closed).toBe(true);
    expect(scheduler.closed).toBe(true);
  });

  it('aborts what is still running after waitTimeout when the server closes', async () => {
    let jobSignal: AbortSignal | undefined;
    const { app, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler, { waitTimeout: 10 });
      app.get('/', async (request) => {
        await spawn(request, async (signal) => {
          jobSignal = signal;
          await untilAborted(signal);
        });
        return 'spawned';
      });
    });
    expect((await get('/')).status).toBe(200);
    await app.close();
    expect(jobSignal?.aborted).toBe(true);
    expect(getScheduler(app).size).toBe(0);
  });
});

describe('atomic', () => {
  it('replies with what the handler returns, the job done and gone before the reply (59)', async () => {
    let scheduler: Scheduler | undefined;
    let counts: number[] = [];
    const { port, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler);
      app.get(
        '/',
        atomic(async function (request, reply, signal) {
          expect(this).toBe(app);
          expect(signal).toBeInstanceOf(AbortSignal);
          scheduler = getScheduler(request);
          counts = [scheduler.activeCount, scheduler.pendingCount];
          reply.header('x-atomic', 'yes');
          return { method: request.method };
        }),
      );
    });
    const response = await request(port, '/');
    expect(response.status).toBe(200);
    expect(response.headers['x-atomic']).toBe('yes');
    expect(JSON.parse(response.body)).toEqual({ method: 'GET' });
    expect(counts).toEqual([1, 0]);
    expect([scheduler?.activeCount, scheduler?.pendingCount, scheduler?.size]).toEqual([0, 0, 0]);
    expect((await get('/')).status).toBe(200);
  });

  it('works with reply.send and typed route parameters', async () => {
    const { get } = await startApp(async (app) => {
      await app.register(pyxisScheduler);
      app.get<{ Params: { name: string } }>(
        '/hello/:name',
        atomic(async (request, reply) => {
          const name: string = request.params.name;
          reply.code(201).send(`hello ${name}`);
          return reply;
        }),
      );
    });
    expect(await get('/hello/pyxis')).toMatchObject({ status: 201, body: 'hello pyxis' });
  });

  it("lets the handler's error reach Fastify, and not the exception handler", async () => {
    const reports: ExceptionContext[] = [];
    const { get } = await startApp(async (app) => {
      await app.register(pyxisScheduler, { exceptionHandler: (context) => void reports.push(context) });
      app.get(
        '/',
        atomic(async () => {
          throw Object.assign(new Error('I am a teapot'), { statusCode: 418 });
        }),
      );
    });
    const response = await get('/');
    expect(response.status).toBe(418);
    expect(JSON.parse(response.body)).toMatchObject({ message: 'I am a teapot' });
    await nextTurn();
    await nextTurn();
    expect(reports).toEqual([]);
  });

  it('fails the request clearly without the plugin', async () => {
    const { get } = await startApp((app) => {
      app.get(
        '/',
        atomic(async () => 'never'),
      );
    });
    const response = await get('/');
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toMatchObject({
      message: expect.stringContaining('register the pyxis-gql'),
    });
  });

  it("counts against the scheduler's limit", async () => {
    const gate = deferred();
    const entered: string[] = [];
    const { app, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler, { limit: 1 });
      app.get<{ Params: { id: string } }>(
        '/:id',
        atomic(async (request) => {
          entered.push(request.params.id);
          await gate.promise;
          return request.params.id;
        }),
      );
    });
    const first = get('/a');
    const second = get('/b');
    const scheduler = getScheduler(app);
    await vi.waitFor(() => expect(scheduler.size).toBe(2), { interval: 1 });
    expect([scheduler.activeCount, scheduler.pendingCount]).toEqual([1, 1]);
    expect(entered).toHaveLength(1);
    gate.resolve();
    expect((await Promise.all([first, second])).map((response) => response.body).sort()).toEqual(['a', 'b']);
  });

  it('finishes the work of a client that disconnects mid-request', async () => {
    const entered = deferred<AbortSignal>();
    const release = deferred();
    const finished = deferred<{ requestAborted: boolean; jobAborted: boolean }>();
    const { app, port } = await startApp(async (app) => {
      await app.register(pyxisScheduler);
      app.get(
        '/slow',
        atomic(async (request, _reply, signal) => {
          entered.resolve(request.signal);
          await release.promise;
          // The work a handler would stop on `signal` (a Pyxis call, a database write) goes on.
          finished.resolve({ requestAborted: request.signal.aborted, jobAborted: signal.aborted });
          return 'done';
        }),
      );
    });
    const clientErrors: Error[] = [];
    const client = http.get({ host: '127.0.0.1', port, path: '/slow' });
    client.on('error', (error) => clientErrors.push(error));
    const requestSignal = await entered.promise;

    client.destroy();
    // The server has seen the client go: the request's own signal is aborted.
    await untilAborted(requestSignal);
    expect(getScheduler(app).activeCount).toBe(1);

    release.resolve();
    expect(await finished.promise).toEqual({ requestAborted: true, jobAborted: false });
    await vi.waitFor(() => expect(getScheduler(app).size).toBe(0), { interval: 1 });
    expect(clientErrors.length).toBeLessThanOrEqual(1);
  });

  it('keeps the server open until an atomic handler in flight has finished', async () => {
    const entered = deferred();
    const release = deferred();
    let finished = false;
    const { app, get } = await startApp(async (app) => {
      await app.register(pyxisScheduler, { waitTimeout: 10 });
      app.get(
        '/',
        atomic(async (_request, _reply, signal) => {
          entered.resolve();
          await release.promise;
          finished = !signal.aborted;
          return 'finished';
        }),
      );
    });
    const response = get('/');
    await entered.promise;
    const closing = app.close();
    await nextTurn();
    release.resolve();
    expect(await response).toMatchObject({ status: 200, body: 'finished' });
    await closing;
    expect(finished).toBe(true);
    expect(getScheduler(app).closed).toBe(true);
  });
});

// `pyxis-gql/fastify`: one scheduler per Fastify app (or per encapsulated context that registers the plugin),
// closed gracefully when the server closes.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import {
  type Job,
  type JobFunction,
  SCHEDULER_OPTIONS,
  Scheduler,
  type SchedulerOptions,
  type SpawnOptions,
} from '../scheduler/index.js';

/** The plugin's options are the scheduler's. */
export type PyxisSchedulerOptions = SchedulerOptions;

/** `getScheduler`, `spawn` or `atomic` used where the plugin was not registered (on this instance or a parent). */
export class SchedulerNotRegisteredError extends Error {
  override readonly name = 'SchedulerNotRegisteredError';

  constructor() {
    super(
      'No scheduler here: register the pyxis-gql/fastify plugin on this Fastify instance or a parent of it',
    );
  }
}

// A symbol rather than a named decorator, so the plugin cannot collide with the application's own decorators.
const schedulerKey = Symbol('pyxis-gql.scheduler');

const plugin: FastifyPluginAsync<PyxisSchedulerOptions> = async (fastify, options) => {
  // Fastify adds options of its own (prefix, logLevel...): pass on only the scheduler's, by the scheduler's own list.
  const given = options as Record<string, unknown>;
  const scheduler = new Scheduler(
    Object.fromEntries(SCHEDULER_OPTIONS.map((name) => [name, given[name]])) as SchedulerOptions,
  );
  fastify.decorate(schedulerKey, scheduler);
  // onClose runs once the HTTP server has stopped and in-flight requests are done: what is left are jobs spawned
  // by handlers that already replied. They get `waitTimeout` to finish, then are closed.
  fastify.addHook('onClose', async () => {
    await scheduler.waitAndClose();
  });
};

/**
 * Creates a scheduler for the Fastify instance it is registered on (options are passed to `new Scheduler`), visible
 * to that instance and everything registered inside it. When the server closes, the scheduler waits for its jobs
 * (up to `waitTimeout`), then closes.
 */
export const pyxisScheduler = fastifyPlugin(plugin, { fastify: '5.x', name: 'pyxis-gql-scheduler' });
export default pyxisScheduler;

/** The scheduler of the request's (or instance's) context; throws `SchedulerNotRegisteredError` if there is none. */
export function getScheduler(source: FastifyRequest | FastifyInstance): Scheduler {
  const instance = 'decorate' in source ? source : source.server;
  const scheduler: unknown = Reflect.get(instance, schedulerKey);
  if (scheduler instanceof Scheduler) return scheduler;
  throw new SchedulerNotRegisteredError();
}

/** Spawns a job on the request's scheduler: `getScheduler(request).spawn(fn, options)`. */
export async function spawn<T>(
  request: FastifyRequest,
  fn: JobFunction<T>,
  options?: SpawnOptions,
): Promise<Job<T>> {
  return getScheduler(request).spawn(fn, options);
}

/** A route handler that `atomic` runs as a job; `signal` is the job's, aborted only when the scheduler closes it. */
export type AtomicHandler<Request extends FastifyRequest, Reply extends FastifyReply, Result> = (
  this: FastifyInstance,
  request: Request,
  reply: Reply,
  signal: AbortSignal,
) => Promise<Result>;

/**
 * Runs a route handler as a job on the request's scheduler and replies with its outcome. The work then counts
 * against the scheduler's limit, is waited for when the server closes, and is not cut short when the client goes
 * away: the handler's `signal` belongs to the job, not to the request (unlike `request.signal`).
 */
export function atomic<
  Request extends FastifyRequest = FastifyRequest,
  Reply extends FastifyReply = FastifyReply,
  Result = unknown,
>(
  handler: AtomicHandler<Request, Reply, Result>,
): (this: FastifyInstance, request: Request, reply: Reply) => Promise<Result> {
  return async function atomicHandler(
    this: FastifyInstance,
    request: Request,
    reply: Reply,
  ): Promise<Result> {
    const job = await getScheduler(request).spawn((signal) => handler.call(this, request, reply, signal), {
      name: `${request.method} ${request.routeOptions.url ?? request.url}`,
    });
    return job.wait();
  };
}

// `request(..., { errors: 'return' })`: partial data with its GraphQL errors, in every context, against a real
// server on loopback that answers each root field by its name (`broken` fails with an error at its path).
import { type FieldNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { PyxisGraphQLError } from '../../src/errors/index.js';
import { type DataWithErrors, PyxisClient, type PyxisClientOptions } from '../../src/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { json, type ScriptedRequest, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

/** Every root field answers its own name, `broken` answers null and an error, `nothing` fails the whole answer. */
function answer(request: ScriptedRequest) {
  const operation = parse(request.body.query ?? '').definitions[0] as OperationDefinitionNode;
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  if (fields.some((field) => field.name.value === 'nothing')) {
    return { data: null, errors: [{ message: 'nothing at all' }] };
  }
  const data: Record<string, unknown> = {};
  const errors: Array<{ message: string; path: string[] }> = [];
  for (const field of fields) {
    const key = field.alias?.value ?? field.name.value;
    if (field.name.value === 'broken') {
      data[key] = null;
      errors.push({ message: 'broken failed', path: [key] });
    } else {
      data[key] = field.name.value;
    }
  }
  return errors.length > 0 ? { data, errors } : { data };
}

async function client(options: PyxisClientOptions = {}) {
  const server = await serve((request, response) => json(response, 200, answer(request)));
  return { server, pyxis: new PyxisClient({ url: server.url, retries: 0, ...options }) };
}

const PARTIAL: DataWithErrors<Record<string, unknown>> = {
  data: { fine: 'fine', broken: null },
  errors: [{ message: 'broken failed', path: ['broken'] }],
};

describe('default context', () => {
  test("errors: 'return' resolves to the data and the errors", async () => {
    const { pyxis } = await client();
    await expect(pyxis.request('{ fine broken }', {}, { errors: 'return' })).resolves.toEqual(PARTIAL);
  });

  test('without it (or with errors: throw), the same answer rejects with its data on the error', async () => {
    const { pyxis } = await client();
    for (const options of [undefined, { errors: 'throw' as const }]) {
      const error = await pyxis.request('{ fine broken }', {}, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PyxisGraphQLError);
      expect(error).toMatchObject({ data: PARTIAL.data, errors: PARTIAL.errors });
    }
  });

  test('an answer without errors resolves with errors: []', async () => {
    const { pyxis } = await client();
    await expect(pyxis.request('{ fine }', undefined, { errors: 'return' })).resolves.toEqual({
      data: { fine: 'fine' },
      errors: [],
    });
  });

  test('errors without data still reject', async () => {
    const { pyxis } = await client();
    const error = await pyxis.request('{ nothing }', {}, { errors: 'return' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ data: null, errors: [{ message: 'nothing at all' }] });
  });

  test('identical requests in flight, one returning errors and one not, each get their own outcome', async () => {
    const { pyxis, server } = await client();
    const [returned, thrown] = await Promise.allSettled([
      pyxis.request('{ fine broken }', {}, { errors: 'return' }),
      pyxis.request('{ fine broken }', {}),
    ]);
    expect(returned).toEqual({ status: 'fulfilled', value: PARTIAL });
    expect(thrown.status === 'rejected' && thrown.reason).toBeInstanceOf(PyxisGraphQLError);
    expect(server.requests).toHaveLength(2);
  });

  test('with auto-batching, merged requests each get their own data and errors', async () => {
    const { pyxis, server } = await client({ batch: true });
    const [returned, thrown, fine] = await Promise.allSettled([
      pyxis.request('{ fine broken }', {}, { errors: 'return' }),
      pyxis.request('{ other broken }'),
      pyxis.ping(),
    ]);
    expect(server.requests).toHaveLength(1);
    expect(returned).toEqual({ status: 'fulfilled', value: PARTIAL });
    expect(thrown.status === 'rejected' && thrown.reason).toBeInstanceOf(PyxisGraphQLError);
    expect(thrown.status === 'rejected' && thrown.reason).toMatchObject({
      data: { other: 'other', broken: null },
      errors: [{ message: 'broken failed', path: ['broken'] }],
    });
    // ping's get_ping answered "get_ping": its lookup is untouched by its neighbours' errors
    expect(fine).toEqual({ status: 'fulfilled', value: 'get_ping' });
  });

  test('an unknown errors policy is refused with an InvalidOptionError before anything is sent', async () => {
    const { pyxis, server } = await client();
    const error = await pyxis.request('{ fine }', {}, { errors: 'all' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toBe(
      'Expected the `errors` option to be "throw" or "return", got the string "all"',
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('async context', () => {
  test("a job of request with errors: 'return' holds the data and the errors", async () => {
    const { pyxis } = await client();
    const jobs = pyxis.beginAsyncExecution();
    const job = jobs.request('{ fine broken }', {}, { errors: 'return' });
    await expect(job.wait()).resolves.toEqual(PARTIAL);
  });
});

describe('batch context', () => {
  test('each lookup of the merged request keeps its own outcome', async () => {
    const { pyxis, server } = await client();
    const batch = pyxis.beginBatchExecution();
    const returned = batch.request('{ fine broken }', {}, { errors: 'return' });
    const thrown = batch.request('{ other broken }');
    const fine = batch.request('{ fine }', {}, { errors: 'return' });
    await batch.commit();
    expect(server.requests).toHaveLength(1);
    await expect(returned.result()).resolves.toEqual(PARTIAL);
    await expect(thrown.result()).rejects.toBeInstanceOf(PyxisGraphQLError);
    await expect(fine.result()).resolves.toEqual({ data: { fine: 'fine' }, errors: [] });
  });

  test('an unknown errors policy throws at call time', async () => {
    const { pyxis } = await client();
    const batch = pyxis.beginBatchExecution();
    expect(() => batch.request('{ fine }', {}, { errors: 1 } as never)).toThrow(InvalidOptionError);
  });
});

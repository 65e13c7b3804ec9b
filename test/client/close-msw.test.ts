// Under MSW (which patches the global fetch) a closed client behaves as it does on the network: a call after
// close() rejects at once with a PyxisClientClosedError, and the mock never hears of it.
import { expect, test } from 'vitest';
import { PyxisClient, PyxisClientClosedError } from '../../src/index.js';
import { failure } from '../helpers/async.js';
import { answerAll, useMswServer } from '../helpers/msw.js';

const server = useMswServer();

test('a call after close() rejects at once with a PyxisClientClosedError, and is not sent to the mock', async () => {
  const { handler, seen } = answerAll(() => ({ get_ping: 'pong' }));
  server.use(handler);
  const pyxis = new PyxisClient({ retries: 3 });
  await expect(pyxis.ping()).resolves.toBe('pong');
  await pyxis.close();
  await pyxis.close();
  const error = await failure(pyxis.ping());
  expect(error).toBeInstanceOf(PyxisClientClosedError);
  expect(error).toMatchObject({ attempts: 1, aborted: false });
  expect(seen).toHaveLength(1);
});

import { Redis } from 'ioredis';
import { expect, test } from 'vitest';
import { useRedis } from '../helpers/redis.js';

const redis = useRedis();

test('the test Redis answers on loopback, and keeps what it was told across a restart', async () => {
  const client = new Redis(redis.current.url, { maxRetriesPerRequest: null });
  try {
    await client.set('kept', 'yes');
    await redis.current.restart();
    // ioredis reconnects by itself; the append-only file brought the key back.
    await expect(client.get('kept')).resolves.toBe('yes');
    expect(redis.current.host).toBe('127.0.0.1');
  } finally {
    client.disconnect();
  }
});

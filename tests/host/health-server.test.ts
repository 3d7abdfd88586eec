import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports.ts';
import { startHealthServer, type Lifecycle, type RunningHealthServer } from '../../src/host/health-server.ts';

const servers: RunningHealthServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(state: () => Lifecycle, host = '127.0.0.1') {
  const server = await startHealthServer({ host, port: 0, logger: silentLogger, state });
  servers.push(server);
  const get = async (path: string, method = 'GET') => {
    const res = await fetch(`http://${host}:${server.port}${path}`, { method });
    return { status: res.status, body: await res.text(), headers: res.headers };
  };
  return { server, get };
}

describe('health server (HEALTH_PORT)', () => {
  it('/healthz is 200 while the process runs; /readyz follows starting → ready → stopping', async () => {
    let state: Lifecycle = 'starting';
    const { get } = await start(() => state);
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'starting\n' });
    state = 'ready';
    expect(await get('/readyz')).toMatchObject({ status: 200, body: 'ready\n' });
    state = 'stopping';
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'stopping\n' });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    const res = await get('/readyz?verbose=1');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers HEAD, refuses other methods and unknown paths', async () => {
    const { get } = await start(() => 'ready');
    expect(await get('/healthz', 'HEAD')).toMatchObject({ status: 200, body: '' });
    const post = await get('/healthz', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await get('/')).status).toBe(404);
    expect((await get('/slack/events')).status).toBe(404);
  });

  it('listens only on the host it is given (127.0.0.1 by default in main.ts)', async () => {
    const { server } = await start(() => 'ready');
    expect(server.host).toBe('127.0.0.1');
    // Nothing listens on the same port on another loopback address.
    const reachable = await new Promise<boolean>(resolve => {
      const socket = net.connect({ host: '127.0.0.2', port: server.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    expect(reachable).toBe(false);
  });

  it('fails clearly when the port is taken, and closes promptly with a keep-alive client', async () => {
    const { server, get } = await start(() => 'ready');
    await expect(startHealthServer({ host: '127.0.0.1', port: server.port, logger: silentLogger, state: () => 'ready' })).rejects.toThrow(/EADDRINUSE/);
    await get('/healthz');
    const t0 = Date.now();
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});

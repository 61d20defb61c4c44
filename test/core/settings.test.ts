import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { apiClient, startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

const get = (url: string, headers: Record<string, string>) =>
  request(url, { headers }).then(async (response) => ({
    status: response.statusCode,
    headers: response.headers,
    text: await response.body.text(),
  }));

describe('GET /api/settings', () => {
  it('reports the start options the core runs with', async () => {
    core = await startTestCore({
      limits: { bodyLimit: 64 * 1024 },
      sync: 'always',
      dispatch: { concurrency: 8 },
      history: { maxEvents: 500 },
    });
    const { status, body } = await core.api('GET', '/api/settings');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ingress: { host: '127.0.0.1', bodyLimit: 64 * 1024, maxConnections: 1024 },
      retention: { maxCapturesPerInbox: 100_000 },
      history: { maxEvents: 500, maxDeliveries: 50_000 },
      dispatch: { concurrency: 8, connectionsPerOrigin: 16 },
      sync: 'always',
      tokenSource: 'data-dir',
    });
    expect(body.retention).not.toHaveProperty('segmentCaptures');
  });
});

describe('POST /api/token/rotate', () => {
  it("replaces the token at once, keeps it in the token file, and renews the caller's session cookie", async () => {
    core = await startTestCore();
    const old = core.token;
    const cookie = await request(`${core.controlUrl}/?token=${old}`);
    await cookie.body.dump();
    const oldSession = String(cookie.headers['set-cookie']).split(';')[0]!;
    expect((await get(`${core.controlUrl}/api/inboxes`, { cookie: oldSession })).status).toBe(200);

    const rotated = await core.api<{ token: string }>('POST', '/api/token/rotate');
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.token;
    expect(fresh).not.toBe(old);
    expect(fresh.length).toBeGreaterThanOrEqual(24);
    expect(String(rotated.headers['set-cookie'])).toContain(`hookbench_session=${fresh}; HttpOnly; SameSite=Strict`);

    // The old token, as a bearer token, a session cookie or a bootstrap link, is refused from now on.
    expect((await core.api('GET', '/api/inboxes')).status).toBe(401);
    expect((await get(`${core.controlUrl}/api/inboxes`, { cookie: oldSession })).status).toBe(401);
    expect((await get(`${core.controlUrl}/?token=${old}`, {})).status).toBe(401);
    expect((await apiClient(core.controlUrl, fresh)('GET', '/api/inboxes')).status).toBe(200);
    expect((await get(`${core.controlUrl}/api/inboxes`, { cookie: `hookbench_session=${fresh}` })).status).toBe(200);
    expect(core.token).toBe(old); // the helper's copy; the core's own getter moved on
    expect((await readFile(join(core.dataDir, 'token'), 'utf8')).trim()).toBe(fresh);
    expect((await stat(join(core.dataDir, 'token'))).mode & 0o777).toBe(0o600);
  });

  it('ends event streams opened with the old token, so it reads nothing more', async () => {
    core = await startTestCore();
    const stream = await request(`${core.controlUrl}/api/stream`, { headers: { authorization: `Bearer ${core.token}` } });
    const text = stream.body.text(); // resolves once the server ends the stream
    await core.api('POST', '/api/token/rotate');
    expect(await text).toContain('retry: 200');
    const again = await get(`${core.controlUrl}/api/stream`, { authorization: `Bearer ${core.token}` });
    expect(again.status).toBe(401);
  });

  it('keeps the rotated token across a restart', async () => {
    const first = await startTestCore();
    const fresh = (await first.api<{ token: string }>('POST', '/api/token/rotate')).body.token;
    await first.close();
    core = await startTestCore({ dataDir: first.dataDir });
    expect(core.token).toBe(fresh);
    await core.dispose();
    core = first; // its dispose removes the data folder
  });

  it('refuses to rotate a token given by HOOKBENCH_TOKEN, and leaves it working', async () => {
    const given = 'a-token-from-the-environment-0123456789';
    core = await startTestCore({ token: given });
    const answer = await core.api('POST', '/api/token/rotate');
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'token_from_environment' });
    expect(answer.body.error.message).toContain('HOOKBENCH_TOKEN');
    expect((await core.api('GET', '/api/settings')).body.tokenSource).toBe('environment');
    expect((await core.api('GET', '/api/inboxes')).status).toBe(200);
  });

  it('needs the token like every API route', async () => {
    core = await startTestCore();
    const answer = await request(`${core.controlUrl}/api/token/rotate`, { method: 'POST' });
    await answer.body.dump();
    expect(answer.statusCode).toBe(401);
  });
});

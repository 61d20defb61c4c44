import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Pool } from 'undici';
import { apiClient, tempDir } from '../helpers/core.js';
import { serve } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('crash safety', () => {
  it('keeps every acknowledged capture when the server is SIGKILLed under load', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const first = await serve(dataDir);
    const pool = new Pool(first.ingressUrl, { connections: 16 });
    const acknowledged = new Map<string, string>();
    let killed = false;

    // 16 senders, each bounded; the kill comes once 300 captures were acknowledged.
    const sender = async (worker: number) => {
      for (let index = 0; index < 2000 && !killed; index += 1) {
        const body = JSON.stringify({ worker, index, pad: 'x'.repeat(index % 300) });
        try {
          const response = await pool.request({
            path: `/in/default/w${worker}`,
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json' },
          });
          await response.body.dump();
          if (response.statusCode === 200) acknowledged.set(response.headers['x-hookbench-capture-id'] as string, sha(body));
          if (acknowledged.size >= 300 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, worker) => sender(worker)));
    await first.exited;
    await pool.destroy();
    expect(killed).toBe(true);

    const second = await serve(dataDir);
    try {
      const api = apiClient(second.controlUrl, second.token);
      const health = await api('GET', '/api/health');
      expect(health.status).toBe(200);
      for (const [id, digest] of acknowledged) {
        const { status, body } = await api('GET', `/api/requests/${id}`);
        expect(status, id).toBe(200);
        expect(sha(body.body)).toBe(digest);
      }
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

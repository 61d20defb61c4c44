import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { defaultInboxId, startTestCore, type TestCore } from '../helpers/core.js';
import { startSink } from '../helpers/sink.js';
import { sha256 } from './crash-harness.js';

/**
 * Disk faults with the operating system's own errors: the data folder lives on a small tmpfs
 * mounted for the test, so a full disk is a real ENOSPC and a read-only one a real EROFS
 * (`mount -o remount,ro`). Mounting needs root with CAP_SYS_ADMIN; elsewhere these tests skip.
 */

const mounts: string[] = [];
afterAll(async () => {
  for (const point of mounts) {
    try {
      execFileSync('umount', [point], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', point], { stdio: 'ignore' });
    }
    await rm(point, { recursive: true, force: true });
  }
});

const canMount = ((): boolean => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `hookbench-mount-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', probe]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', probe]);
  }
})();

async function smallDisk(size: string): Promise<{ point: string; dataDir: string; remount(options: string): void }> {
  const point = await mkdtemp(join(tmpdir(), 'hookbench-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', point]);
  mounts.push(point);
  const dataDir = join(point, 'data');
  await mkdir(dataDir);
  return {
    point,
    dataDir,
    // A remount to read-only fails (EBUSY) while a file is open for writing: retried briefly.
    remount: (options) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          execFileSync('mount', ['-o', `remount,${options}`, point], { stdio: 'pipe' });
          return;
        } catch (error) {
          if (attempt === 20) throw error;
          execFileSync('sleep', ['0.1']);
        }
      }
    },
  };
}

/** Fills the file system to the last byte: big writes first, then ever smaller ones. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 64 << 10, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (let round = 0; round < 10_000; round += 1) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

interface Sent {
  status: number;
  id: string | undefined;
  body: Buffer;
  answer: { error?: { code: string; message: string } } | string;
}

async function send(core: TestCore, body: Buffer): Promise<Sent> {
  const response = await request(`${core.ingressUrl}/in/default/disk`, { method: 'POST', body });
  const text = await response.body.text();
  const id = response.headers['x-hookbench-capture-id'];
  return {
    status: response.statusCode,
    id: typeof id === 'string' ? id : undefined,
    body,
    answer: text.startsWith('{') ? JSON.parse(text) : text,
  };
}

/** Sends bodies of 8 KiB (past any page a segment file's tail still has free) and one of 100 KiB (a file of its own). */
function bodies(count: number, tag: string): Buffer[] {
  return [...Array.from({ length: count }, (_, index) => Buffer.alloc(8192, `${tag}-${index}|`)), Buffer.alloc(100 * 1024, `${tag}-big|`)];
}

async function expectStored(core: TestCore, captures: Map<string, string>): Promise<void> {
  for (const [id, digest] of captures) {
    const response = await request(`${core.controlUrl}/api/requests/${id}/body`, { headers: { authorization: `Bearer ${core.token}` } });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    expect(response.statusCode, id).toBe(200);
    expect(sha256(bytes), id).toBe(digest);
  }
}

async function listedIds(core: TestCore): Promise<string[]> {
  const inboxId = await defaultInboxId(core.api);
  const { status, body } = await core.api('GET', `/api/inboxes/${inboxId}/requests?limit=500`);
  expect(status).toBe(200);
  return body.items.map((item: { id: string }) => item.id).sort();
}

/** Every answer during a fault: 503 storage_unavailable naming the cause, never an acknowledgement. */
function expectRefused(sent: Sent, cause: RegExp): void {
  expect(sent.status).toBe(503);
  expect(sent.id).toBeUndefined();
  expect(typeof sent.answer === 'object' && sent.answer.error?.code).toBe('storage_unavailable');
  expect(typeof sent.answer === 'object' && sent.answer.error?.message).toMatch(cause);
}

async function storeAll(core: TestCore, list: Buffer[], into: Map<string, string>): Promise<void> {
  for (const body of list) {
    const sent = await send(core, body);
    expect(sent.status).toBe(200);
    into.set(sent.id!, sha256(body));
  }
}

describe.skipIf(!canMount)('disk faults (a real tmpfs: ENOSPC and EROFS)', () => {
  it('full disk: refuses captures and changes with a clear 503, keeps answering, loses nothing, recovers', async () => {
    const disk = await smallDisk('16m');
    const sink = await startSink();
    const stored = new Map<string, string>();
    let core = await startTestCore({ dataDir: disk.dataDir });
    try {
      await storeAll(core, bodies(10, 'before'), stored);
      const filler = join(disk.point, 'filler');
      fillDisk(filler);

      for (const body of bodies(4, 'full')) expectRefused(await send(core, body), /the disk is full \(ENOSPC\)/);
      // The server keeps answering: health, lists and reads of what was stored before.
      expect((await core.api('GET', '/api/health')).status).toBe(200);
      expect(await listedIds(core)).toEqual([...stored.keys()].sort());
      await expectStored(core, stored);
      // Control API writes get the same clear answer, and a refused change does not take effect later.
      const hook = await core.api('POST', '/api/hooks', { url: `${sink.url}/refused`, events: ['ping'] });
      expect(hook.status).toBe(503);
      expect(hook.body.error.code).toBe('storage_unavailable');
      const fired = await core.api('POST', '/api/events', { provider: 'generic', type: 'ping' });
      expect(fired.status).toBe(503);
      expect(fired.body.error.code).toBe('storage_unavailable');
      // Failed writes leave no half-written temp file or body holding on to the space.
      expect((await readdir(disk.dataDir, { recursive: true })).filter((name) => /\.tmp-|incoming-/.test(name))).toEqual([]);

      await unlink(filler);
      await storeAll(core, bodies(3, 'after'), stored);
      expect(await listedIds(core)).toEqual([...stored.keys()].sort());
      expect((await core.api('GET', '/api/hooks')).body.items).toEqual([]);
      const created = await core.api('POST', '/api/hooks', { url: `${sink.url}/ok`, events: ['ping'] });
      expect(created.status).toBe(201);
      expect((await core.api('POST', '/api/events', { provider: 'generic', type: 'ping' })).status).toBe(202);
      await sink.received(1);

      await core.close();
      core = await startTestCore({ dataDir: disk.dataDir });
      await expectStored(core, stored);
      expect((await core.api('GET', '/api/health')).body.storage.notices).toEqual([]);
      expect((await core.api('GET', '/api/hooks')).body.items.map((item: { url: string }) => item.url)).toEqual([`${sink.url}/ok`]);
    } finally {
      await core.close();
      await sink.close();
    }
  });

  it('read-only data folder: refuses with a clear 503, keeps answering, recovers; a start on it says why', async () => {
    const disk = await smallDisk('16m');
    const stored = new Map<string, string>();
    let core = await startTestCore({ dataDir: disk.dataDir });
    await storeAll(core, bodies(5, 'before'), stored);
    await core.close();

    // Restarted, the core holds no file open for writing until its first write, so the file
    // system can be switched to read-only under the running server.
    core = await startTestCore({ dataDir: disk.dataDir });
    try {
      disk.remount('ro');
      for (const body of bodies(2, 'ro')) expectRefused(await send(core, body), /read-only file system \(EROFS\)/);
      expect((await core.api('GET', '/api/health')).status).toBe(200);
      expect(await listedIds(core)).toEqual([...stored.keys()].sort());
      await expectStored(core, stored);
      // A new inbox needs a new folder: Node reports ENOENT for it, the answer must still name EROFS.
      const inbox = await core.api('POST', '/api/inboxes', { slug: 'refused' });
      expect(inbox.status).toBe(503);
      expect(inbox.body.error.message).toMatch(/read-only file system \(EROFS\)/);
      expect((await core.api('POST', '/api/hooks', { url: 'http://127.0.0.1:9/x', events: ['ping'] })).status).toBe(503);

      disk.remount('rw');
      await storeAll(core, bodies(2, 'after'), stored);
      const slugs = (await core.api('GET', '/api/inboxes')).body.items.map((item: { slug: string }) => item.slug);
      expect(slugs).toEqual(['default']);
      expect((await core.api('GET', '/api/hooks')).body.items).toEqual([]);
      expect((await core.api('POST', '/api/inboxes', { slug: 'later' })).status).toBe(201);
    } finally {
      await core.close();
    }

    // A lock left by a killed process on a folder that is now read-only: the start fails and says
    // why, rather than blaming another Hookbench.
    await writeFile(join(disk.dataDir, 'hookbench.lock'), JSON.stringify({ pid: 2 ** 31 - 2, startedAt: new Date().toISOString() }));
    disk.remount('ro');
    await expect(startTestCore({ dataDir: disk.dataDir })).rejects.toThrow(
      /cannot write to its data folder .*read-only file system \(EROFS\)/,
    );
    disk.remount('rw');
    await unlink(join(disk.dataDir, 'hookbench.lock'));
    disk.remount('ro');
    await expect(startTestCore({ dataDir: disk.dataDir })).rejects.toThrow(
      /cannot write to its data folder .*read-only file system \(EROFS\)/,
    );
    disk.remount('rw');

    core = await startTestCore({ dataDir: disk.dataDir });
    try {
      await expectStored(core, stored);
      expect((await core.api('GET', '/api/health')).body.storage.notices).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

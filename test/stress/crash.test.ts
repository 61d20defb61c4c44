import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultInboxId, startTestCore, tempDir } from '../helpers/core.js';
import { runCrashRounds } from './crash-harness.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

// A fresh seed each run, printed so a failure can be replayed (npm run crash -- --seed S --rounds 3).
const seed = Number(process.env['HOOKBENCH_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

describe('crash suite (fast variant of npm run crash)', () => {
  it(`survives 3 SIGKILLs under mixed capture and dispatch load (seed ${seed})`, { timeout: 180_000 }, async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const report = await runCrashRounds({
      dataDir,
      rounds: 3,
      seed,
      killAfterMs: [300, 1500],
      log: (line) => console.log(`[crash] ${line}`),
    });
    expect(report.failures).toEqual([]);
    expect(report.rounds).toHaveLength(3);
    // The load really ran: something of each kind was acknowledged before the kills.
    expect(report.capturesAcknowledged).toBeGreaterThan(0);
    expect(report.deliveriesAcknowledged).toBeGreaterThan(0);
  });
});

describe('a large body cut short by a crash', () => {
  it('is removed at the next start (it belongs to no capture, and nothing else would delete it)', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    let core = await startTestCore({ dataDir });
    const blobs = join(dataDir, 'captures', await defaultInboxId(core.api), 'blobs');
    await core.close();
    await mkdir(blobs, { recursive: true });
    await writeFile(join(blobs, 'incoming-cutshort'), Buffer.alloc(70_000));
    core = await startTestCore({ dataDir });
    try {
      expect(await readdir(blobs)).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

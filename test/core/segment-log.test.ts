import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/log.js';
import { StorageNotices } from '../../electron/core/store/notices.js';
import { SegmentLog } from '../../electron/core/store/segment-log.js';
import { tempDir } from '../helpers/core.js';

interface Note {
  id: string;
  text: string;
}

const codec = {
  accept: (value: unknown): value is Note => typeof (value as Note)?.id === 'string' && typeof (value as Note)?.text === 'string',
  summarize: (note: Note) => ({ id: note.id, length: note.text.length }),
};

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('segment log', () => {
  it('writes a group commit of multi-byte lines at the right offsets, across segments and a reopen', async () => {
    dir = await tempDir();
    const open = () =>
      SegmentLog.open<Note, { id: string; length: number }>({
        dir: dir!,
        codec,
        notices: new StorageNotices(silentLogger),
        sync: 'never',
        maxRecords: 3,
      });
    const log = await open();
    // Ascii, two-, three- and four-byte characters, a lone surrogate (JSON escapes it) and quotes.
    const texts = ['plain', 'Jürgen', '€ and ✓', '😀 emoji', 'lone \ud800 half', 'say "hi"\n', ''];
    const notes = texts.map((text, index) => ({ id: `n_${String(index).padStart(3, '0')}`, text }));
    // Appended in one turn: they go out in one write, split over three segments.
    await Promise.all(notes.map((note) => log.append(note)));
    for (const note of notes) expect(await log.get(note.id)).toEqual(note);
    await log.close();

    const reopened = await open();
    for (const note of notes) expect(await reopened.get(note.id)).toEqual(note);
    const summaries = [];
    for await (const summary of reopened.summaries()) summaries.push(summary);
    expect(summaries.map((summary) => summary.id)).toEqual(notes.map((note) => note.id));
    await reopened.close();
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomToken } from './ids.js';
import { writeFileAtomic, isNotFound } from './store/files.js';

export const MIN_TOKEN_LENGTH = 24;

/** The control API token: given (HOOKBENCH_TOKEN), or generated once and kept 0600 in the data folder. */
export async function resolveToken(dataDir: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (given.length < MIN_TOKEN_LENGTH) {
      throw new Error(`HOOKBENCH_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long (use e.g. \`openssl rand -base64 32\`).`);
    }
    return given;
  }
  const file = join(dataDir, 'token');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= MIN_TOKEN_LENGTH) return stored;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const token = randomToken(32);
  await writeFileAtomic(file, `${token}\n`, true);
  return token;
}

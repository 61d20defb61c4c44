import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpError } from './errors.js';
import { randomToken } from './ids.js';
import { writeFileAtomic, isNotFound } from './store/files.js';

export const MIN_TOKEN_LENGTH = 24;

/** A token given that cannot be used: the user's to fix, so said in one line. */
export class TokenError extends Error {}

/** The control API token: given (HOOKBENCH_TOKEN), or generated once and kept 0600 in the data folder. */
export async function resolveToken(dataDir: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (given.length < MIN_TOKEN_LENGTH) {
      throw new TokenError(`HOOKBENCH_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long (use e.g. \`openssl rand -base64 32\`).`);
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

/**
 * The control token in force. Rotation replaces it in memory and in the token file at once, so
 * the old one stops working for the very next request; a token given by the environment cannot
 * be rotated from here (the next start would bring the old one back).
 */
export class ControlToken {
  private readonly rotated = new Set<() => void>();

  private constructor(
    private value: string,
    readonly fromEnvironment: boolean,
    private readonly file: string,
  ) {}

  static async open(dataDir: string, given: string | undefined): Promise<ControlToken> {
    return new ControlToken(await resolveToken(dataDir, given), given !== undefined, join(dataDir, 'token'));
  }

  get current(): string {
    return this.value;
  }

  /** Calls `listener` after every rotation (open event streams end, so the old token reads nothing more). */
  onRotate(listener: () => void): () => void {
    this.rotated.add(listener);
    return () => this.rotated.delete(listener);
  }

  async rotate(): Promise<string> {
    if (this.fromEnvironment) {
      throw new HttpError(
        409,
        'token_from_environment',
        'The token comes from the HOOKBENCH_TOKEN environment variable: change it there and restart hookbench serve.',
      );
    }
    const token = randomToken(32);
    // Written before it takes effect: a crash in between leaves the old token working, not none.
    await writeFileAtomic(this.file, `${token}\n`, true);
    this.value = token;
    for (const listener of this.rotated) listener();
    return token;
  }
}

import { readFile } from 'node:fs/promises';
import { HttpError } from '../errors.js';
import type { WorkspaceService } from './service.js';

/** `serve --workspace FILE` could not start from the file; the message names it and says why. */
export class WorkspaceFileError extends Error {
  constructor(file: string, problem: string) {
    super(`Cannot start from the workspace file ${file}: ${problem}`);
    this.name = 'WorkspaceFileError';
  }
}

/** Reads a workspace file and makes the server match it (never removing what the file lacks). */
export async function applyWorkspaceFile(workspace: WorkspaceService, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkspaceFileError(
      file,
      code === 'ENOENT' ? 'there is no such file.' : `it cannot be read (${code ?? (error as Error).message}).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WorkspaceFileError(file, `it is not JSON (${(error as Error).message}).`);
  }
  try {
    await workspace.import(value, { replace: false });
  } catch (error) {
    if (error instanceof HttpError) throw new WorkspaceFileError(file, error.message);
    throw error;
  }
}

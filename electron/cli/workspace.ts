import { open, readFile } from 'node:fs/promises';
import type { WorkspaceSummary } from '../shared/workspace.js';
import { ClientError, ControlClient } from './client.js';
import type { WorkspaceCommand } from './options.js';

/** What an import answers: a server older than inbox secrets sends no missingSecrets. */
type ImportAnswer = Omit<WorkspaceSummary, 'missingSecrets'> & Partial<Pick<WorkspaceSummary, 'missingSecrets'>>;

/** `hookbench workspace export|import`: a running server's setup to and from one file. */
export async function runWorkspace(command: WorkspaceCommand): Promise<number> {
  // Read the file before connecting: a typo in its name is the likelier mistake.
  const body = command.action === 'import' ? await readWorkspace(command.file) : undefined;
  const client = await ControlClient.connect(command.server);
  try {
    if (command.action === 'export') {
      const workspace = await client.request('GET', `/api/workspace?secrets=${command.secrets}`);
      const text = `${JSON.stringify(workspace, null, 2)}\n`;
      if (command.out === undefined) process.stdout.write(text);
      else {
        // A file with secrets is as private as the token, whether it is new or was there before
        // (a mode given to writeFile applies only to a file it creates).
        const file = await open(command.out, 'w', command.secrets ? 0o600 : 0o644);
        try {
          if (command.secrets) await file.chmod(0o600);
          await file.writeFile(text);
        } finally {
          await file.close();
        }
        console.error(`Wrote the workspace to ${command.out}${command.secrets ? ' (with secrets: keep it private)' : ''}.`);
      }
      return 0;
    }
    const { missingSecrets = [], ...summary } = await client.request<ImportAnswer>(
      'POST',
      `/api/workspace?replace=${command.replace}`,
      body,
    );
    for (const [what, changes] of Object.entries(summary)) {
      const counts = Object.entries(changes).map(([change, names]) => `${names.length} ${change}`);
      console.log(`${what}: ${counts.join(', ')}`);
    }
    if (missingSecrets.length > 0) {
      const names = missingSecrets.map(({ inbox, secret }) => `${inbox}: ${secret}`).join(', ');
      console.log(`inbox secrets without a value (set them in each inbox's settings): ${names}`);
    }
    return 0;
  } finally {
    await client.close();
  }
}

/** A workspace file's JSON, not yet checked (the server, or `fire --workspace`, checks it). */
export async function readWorkspace(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ClientError(`Cannot read the workspace file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ClientError(`The workspace file ${file} is not JSON (${(error as Error).message}).`);
  }
}

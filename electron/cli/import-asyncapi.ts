import { readFile } from 'node:fs/promises';
import type { Provider } from '../shared/hooks.js';
import { ClientError, ControlClient } from './client.js';
import { parse, serverTarget, UsageError } from './options.js';

export const IMPORT_ASYNCAPI_HELP = `Usage: hookbench import-asyncapi FILE [--id ID] [--name NAME] [--server URL] [--data-dir DIR] [--json]

Imports an AsyncAPI 2.x or 3.x document (YAML or JSON) into a running Hookbench as a provider
of its own: each message becomes an event type with its payload schema and example. Its hooks
get {type, timestamp, data} bodies signed with Standard Webhooks, like generic hooks.

  --id ID             the provider's id (default: from the document's title)
  --name NAME         the provider's name (default: the document's title)
  --server, --data-dir, --json   as for "hookbench providers"`;

/** `hookbench import-asyncapi FILE`: 0 when imported, 1 when the server refused the document. */
export async function runImportAsyncApi(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parse(args, {
    server: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    id: { type: 'string' },
    name: { type: 'string' },
  });
  if (values.help) {
    console.log(IMPORT_ASYNCAPI_HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('"import-asyncapi" takes one FILE: the AsyncAPI document (YAML or JSON).');
  let document: string;
  try {
    document = await readFile(file, 'utf8');
  } catch (error) {
    throw new ClientError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const client = await ControlClient.connect(serverTarget(values, env));
  try {
    const body = { document, ...(values.id ? { id: values.id } : {}), ...(values.name ? { name: values.name } : {}) };
    const provider = await client.request<Provider>('POST', '/api/providers/import/asyncapi', body);
    if (values.json) {
      console.log(JSON.stringify(provider, null, 2));
    } else {
      console.log(`Imported provider "${provider.id}" (${provider.name}) with ${provider.eventTypes.length} event type(s):`);
      for (const eventType of provider.eventTypes) console.log(`  ${eventType.type.padEnd(36)} ${eventType.name}`);
    }
    return 0;
  } finally {
    await client.close();
  }
}

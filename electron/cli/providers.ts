import type { Provider } from '../shared/hooks.js';
import { DEFAULT_INGRESS_PORT } from '../core/index.js';
import { offlineCatalog } from './catalog.js';
import { ClientError, ControlClient } from './client.js';
import type { ServerTarget } from './options.js';

/** `hookbench providers`: the running server's catalogs, or the built-in ones without a server. */
export async function runProviders(server: ServerTarget, json: boolean): Promise<number> {
  let items: Provider[];
  try {
    const client = await ControlClient.connect(server);
    try {
      ({ items } = await client.request<{ items: Provider[] }>('GET', '/api/providers'));
    } finally {
      await client.close();
    }
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    console.error(`${error.message}\nShowing the built-in catalogs.`);
    items = offlineCatalog().list(`http://127.0.0.1:${DEFAULT_INGRESS_PORT}`);
  }
  if (json) {
    console.log(JSON.stringify(items, null, 2));
    return 0;
  }
  for (const provider of items) {
    console.log(`${provider.id}  ${provider.name}${provider.emulatorUrl ? `  (emulated API: ${provider.emulatorUrl})` : ''}`);
    for (const eventType of provider.eventTypes) {
      const aliases = eventType.aliases?.length ? `  (also: ${eventType.aliases.join(', ')})` : '';
      console.log(`  ${eventType.type.padEnd(36)} ${eventType.name}${aliases}`);
    }
  }
  return 0;
}

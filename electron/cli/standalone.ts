import { adHocTarget } from '../core/dispatcher/dispatcher.js';
import { HttpSender } from '../core/dispatcher/http-client.js';
import { createTargetPolicy, type TargetPolicy } from '../core/dispatcher/policy.js';
import { HttpError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Catalog } from '../core/providers/catalog.js';
import type { ProviderDefinition } from '../core/providers/types.js';
import { schemaProblems } from '../core/providers/validation.js';
import { offlineCatalog, workspaceCatalog } from './catalog.js';
import { ClientError } from './client.js';
import type { DeliveryLine } from './fire.js';
import { inParallel, paced } from './pace.js';
import type { FireOptions } from './options.js';

/** Attempts in flight at once when no --rate is given. */
const CONCURRENCY = 16;

/**
 * fire --to without a server: builds each request with the provider's convention and sends
 * it from this process, under the same target policy. Nothing is stored and nothing retried.
 */
export async function sendStandalone(
  options: FireOptions,
  payload: unknown,
  report: (line: DeliveryLine) => void,
  fired: (count: number) => void,
): Promise<void> {
  const catalog = options.workspaceFile === undefined ? offlineCatalog() : await workspaceCatalog(options.workspaceFile);
  const provider = providerOf(catalog, options);
  const eventType = catalog
    .eventTypes(provider.id)
    .find((candidate) => candidate.type === options.type || candidate.aliases.includes(options.type));
  if (!eventType) {
    throw new ClientError(`"${options.type}" is not an event type of ${provider.id}. List them with "hookbench providers".`);
  }
  if (payload !== undefined && options.validate) {
    const [problem] = schemaProblems(eventType.schema, payload);
    if (problem) {
      throw new ClientError(
        `The payload does not match the schema at "${problem.pointer || '/'}": ${problem.reason}. Use --no-validate to send it anyway.`,
      );
    }
  }
  const policy = createTargetPolicy(() => -1);
  const target = {
    ...adHocTarget(checkedUrl(policy, options.to!)),
    method: provider.hookDefaults.method,
    format: provider.hookDefaults.format,
    secret: options.secret ?? '',
  };
  const sender = new HttpSender(policy, CONCURRENCY);
  const sendOne = async () => {
    const createdAt = new Date().toISOString();
    const event = { id: newId('evt'), provider: provider.id, type: eventType.type, payload: payload ?? eventType.sample({}), createdAt };
    const deliveryId = newId('dlv');
    const request = provider.buildRequest(target, event);
    const signed = { ...request, headers: [...request.headers, ...provider.signAttempt(target, request, deliveryId, Date.now())] };
    fired(1);
    const outcome = await sender.send(signed, provider.hookDefaults.timeoutMs);
    // Undefined only once the sender is destroyed, after every send has ended.
    if (!outcome) return;
    const base = { deliveryId, url: signed.url, durationMs: outcome.durationMs };
    if ('error' in outcome) return report({ ...base, status: 'failed', error: `${outcome.error.kind}: ${outcome.error.message}` });
    const { status } = outcome.response;
    const succeeded = provider.succeeded ? provider.succeeded(status) : status >= 200 && status < 300;
    report({ ...base, status: succeeded ? 'succeeded' : 'failed', httpStatus: status });
  };
  try {
    if (options.rate !== undefined) await paced(options, sendOne);
    else await inParallel(options.count, CONCURRENCY, sendOne);
  } finally {
    await sender.destroy();
  }
}

function checkedUrl(policy: TargetPolicy, url: string): string {
  try {
    policy.checkUrl(url, '--to');
    return url;
  } catch (error) {
    throw new ClientError(`--to ${url}: ${(error as Error).message}`);
  }
}

/** The provider to fire; a missing one says where an imported provider comes from. */
function providerOf(catalog: Catalog, options: FireOptions): ProviderDefinition {
  try {
    return catalog.provider(options.provider);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const hint =
      options.workspaceFile === undefined
        ? ' For one imported from AsyncAPI, add --workspace FILE (a workspace export that lists it).'
        : '';
    throw new ClientError(`${error.message}${hint}`);
  }
}

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Hook, HookPatch } from '../../../shared/hooks.js';
import { HttpError } from '../../errors.js';
import { hex32 } from '../samples.js';
import type { EmulatorContext } from '../types.js';
import { badIdentifier, failure, invalidCredentials, requestToken, success, validationFailed } from './envelope.js';
import { eventTypes } from './events.js';
import { isKazooId } from './ids.js';
import {
  isAutoDisabled,
  accountOf,
  hookFields,
  isObject,
  kazooDoc,
  kazooHookId,
  mergeDocs,
  validateWebhook,
  type KazooWebhook,
} from './webhooks.js';

/** Bodies stay text: the emulator parses them itself, as Kazoo does, whatever their Content-Type. */
type AccountRoute = { Params: { accountId: string }; Body: string | undefined };
type WebhookRoute = { Params: { accountId: string; webhookId: string }; Body: string | undefined };

const HOOK_NAMES = ['all', ...eventTypes.map((eventType) => eventType.type)];

/** What GET /v2/webhooks lists: the installed hook events, with the object hook's modifiers. */
const AVAILABLE = eventTypes.map((eventType) => ({
  id: eventType.type,
  name: eventType.type,
  description: eventType.description,
  ...(eventType.type === 'object'
    ? {
        modifiers: {
          action: { description: 'A list of object actions to handle', items: ['doc_created', 'doc_edited', 'doc_deleted'], type: 'array' },
          type: {
            description: 'A list of object types to handle',
            items: ['account', 'callflow', 'device', 'faxbox', 'media', 'user', 'vmbox'],
            type: 'array',
          },
        },
      }
    : {}),
}));

/**
 * Crossbar's webhooks API (v1 and v2 alike), backed by Hookbench's hook registry: a webhook
 * created here is an ordinary Kazoo hook in Hookbench, and hooks made in Hookbench show here.
 */
export const emulator: FastifyPluginAsync<EmulatorContext> = async (app, ctx) => {
  // Kazoo reads the body as JSON whatever Content-Type the client sent (curl -d sends a form type).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const requireToken = async (request: FastifyRequest, reply: FastifyReply) => {
    if (ctx.authorize(requestToken(request)) !== 'accepted') return invalidCredentials(request, reply);
    return undefined;
  };
  const accountHooks = (accountId: string) => ctx.hooks.list().filter((hook) => accountOf(hook) === accountId);
  const findHook = (accountId: string, webhookId: string) => accountHooks(accountId).find((hook) => kazooHookId(hook) === webhookId);

  for (const version of ['v1', 'v2']) {
    const account = `/${version}/accounts/:accountId/webhooks`;
    const one = `${account}/:webhookId`;

    app.get(`/${version}/webhooks`, async (request, reply) => success(request, reply, AVAILABLE, 200, { page_size: AVAILABLE.length }));
    app.get(`/${version}/webhooks/samples`, async (request, reply) =>
      success(request, reply, eventTypes.map((eventType) => `webhooks_${eventType.type}`).sort()),
    );
    app.get<{ Params: { sampleId: string } }>(`/${version}/webhooks/samples/:sampleId`, async (request, reply) => {
      const found = eventTypes.find((eventType) => `webhooks_${eventType.type}` === request.params.sampleId);
      if (!found) return failure(request, reply, 404, 'bad identifier', [request.params.sampleId]);
      return success(request, reply, [found.sample({})], 200, { page_size: 1 });
    });

    app.get<AccountRoute>(account, { preHandler: requireToken }, async (request, reply) => {
      const { accountId } = request.params;
      if (!isKazooId(accountId)) return badIdentifier(request, reply, accountId);
      const summaries = accountHooks(accountId).map(summary);
      return success(request, reply, summaries, 200, { page_size: summaries.length });
    });

    app.put<AccountRoute>(account, { preHandler: requireToken }, async (request, reply) => {
      const { accountId } = request.params;
      if (!isKazooId(accountId)) return badIdentifier(request, reply, accountId);
      const data = requestData(request, reply);
      if (data === undefined) return reply;
      const checked = validateWebhook(data, HOOK_NAMES);
      if ('errors' in checked) return validationFailed(request, reply, checked.errors);
      return saved(request, reply, 201, () => ctx.hooks.create(hookFields(checked.doc, accountId, hex32())));
    });

    // Re-enables the account's auto-disabled hooks: {"data": {"re-enable": true}}.
    app.patch<AccountRoute>(account, { preHandler: requireToken }, async (request, reply) => {
      const { accountId } = request.params;
      if (!isKazooId(accountId)) return badIdentifier(request, reply, accountId);
      const data = requestData(request, reply);
      if (data === undefined) return reply;
      const reenable = data['re-enable'];
      if (reenable === undefined) {
        return validationFailed(request, reply, { 're-enable': { required: { message: 're-enable is required to patch collections' } } });
      }
      if (reenable !== true && reenable !== 'true') {
        return validationFailed(request, reply, {
          're-enable': { enum: { message: 'value not found in enumerated list of values', target: [true] } },
        });
      }
      const autoDisabled = accountHooks(accountId).filter(isAutoDisabled);
      for (const hook of autoDisabled) await ctx.hooks.update(hook.id, { enabled: true });
      return success(request, reply, 'hooks updated');
    });

    app.get<WebhookRoute>(one, { preHandler: requireToken }, async (request, reply) => {
      const hook = findHook(request.params.accountId, request.params.webhookId);
      if (!hook) return badIdentifier(request, reply, request.params.webhookId);
      return success(request, reply, kazooDoc(hook));
    });

    // POST replaces the document (left-out fields return to their defaults); PATCH merges into it.
    for (const method of ['post', 'patch'] as const) {
      app[method]<WebhookRoute>(one, { preHandler: requireToken }, async (request, reply) => {
        const hook = findHook(request.params.accountId, request.params.webhookId);
        if (!hook) return badIdentifier(request, reply, request.params.webhookId);
        const data = requestData(request, reply);
        if (data === undefined) return reply;
        const { id, disable_reason: _reason, ...current } = kazooDoc(hook);
        const checked = validateWebhook(method === 'post' ? data : mergeDocs(current, data), HOOK_NAMES);
        if ('errors' in checked) return validationFailed(request, reply, checked.errors);
        return saved(request, reply, 200, () => ctx.hooks.update(hook.id, replacement(hook, checked.doc, id)));
      });
    }

    app.delete<WebhookRoute>(one, { preHandler: requireToken }, async (request, reply) => {
      const hook = findHook(request.params.accountId, request.params.webhookId);
      if (!hook) return badIdentifier(request, reply, request.params.webhookId);
      await ctx.hooks.remove(hook.id);
      return success(request, reply, kazooDoc(hook));
    });
  }
};

/** A listing row, as Crossbar's webhooks view emits it; `disable_reason` marks auto-disabled hooks. */
function summary(hook: Hook) {
  const { id, hook: event, name, uri, enabled, disable_reason } = kazooDoc(hook);
  return { id, hook: event, name, uri, enabled, ...(disable_reason ? { disable_reason } : {}) };
}

/** The changes that turn a hook into the given document. `enabled` only when it changes, so a PATCH of the name keeps an auto-disabled hook's reason. */
function replacement(hook: Hook, doc: KazooWebhook, id: string): HookPatch {
  const { enabled, ...fields } = hookFields(doc, accountOf(hook), id);
  return enabled === hook.enabled ? fields : { ...fields, enabled };
}

/** The `data` of a request body `{"data": {...}}`; undefined after answering 400 for a body that is not JSON. */
function requestData(request: FastifyRequest<{ Body: string | undefined }>, reply: FastifyReply): Record<string, unknown> | undefined {
  const raw = request.body?.trim() ?? '';
  if (raw === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) && isObject(parsed['data']) ? parsed['data'] : {};
  } catch (error) {
    validationFailed(request, reply, { json: { invalid: { message: `The request body is not JSON: ${(error as Error).message}` } } });
    return undefined;
  }
}

/** Saves through Hookbench's hook service; what it refuses (a URL it will never send to) is a validation error on that field. */
async function saved(request: FastifyRequest, reply: FastifyReply, status: number, save: () => Promise<Hook>) {
  try {
    return success(request, reply, kazooDoc(await save()), status);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    // Deleted by someone else meanwhile.
    if (error.statusCode === 404) return failure(request, reply, 404, 'bad_identifier', { message: 'bad identifier' });
    if (error.statusCode !== 400) throw error;
    const field = error.field === 'url' ? 'uri' : (error.field ?? 'data');
    return validationFailed(request, reply, { [field]: { [field === 'uri' ? 'format' : 'invalid']: { message: error.message } } });
  }
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Hook } from '../../../shared/hooks.js';
import { ErrorBody } from '../../../shared/schemas.js';
import { HttpError } from '../../errors.js';
import { objectId } from '../samples.js';
import type { EmulatorContext } from '../types.js';
import { ACTIONS, isAction } from './events.js';
import { VyteHook, actionOf, hookName, organizationOf, organizationOfKey, toVyteHook, vyteIdOf } from './hooks.js';

/**
 * Vyte's webhook registration API (POST/GET/PUT/DELETE /hooks), authenticated by the
 * organization's API key in `Authorization`. Vyte documents no error bodies: errors answer in
 * Hookbench's own `{error: {code, message, field?}}` shape.
 */

const HookBody = Type.Object({ action: Type.String(), target_url: Type.String() });
const HookParams = Type.Object({ hook_id: Type.String() });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

/** Plain http is refused like Vyte does, except to this machine, so local receivers work. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

const fail = (status: number, code: string, message: string, field?: string) => new HttpError(status, code, message, field);

function apiKey(request: FastifyRequest): string | undefined {
  return request.headers.authorization?.trim() || undefined;
}

function checkBody({ action, target_url }: { action: string; target_url: string }): void {
  if (!isAction(action)) {
    throw fail(400, 'unknown_action', `"${action}" is not a Vyte action. Use one of: ${ACTIONS.join(', ')}.`, 'action');
  }
  let url: URL;
  try {
    url = new URL(target_url);
  } catch {
    throw fail(400, 'invalid_target_url', `"${target_url}" is not a URL. Give an absolute https URL.`, 'target_url');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return;
  throw fail(
    400,
    'invalid_target_url',
    'target_url must be an https URL (Hookbench also accepts http://127.0.0.1, http://[::1] and http://localhost for local receivers).',
    'target_url',
  );
}

export const vyteEmulator: FastifyPluginAsync<EmulatorContext> = async (plugin, { hooks, authorize }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((error: FastifyError | HttpError, _request, reply: FastifyReply) => {
    if (error instanceof HttpError) {
      // Hookbench's own checks (the target policy) name its `url` field; Vyte calls it target_url.
      const field = error.field === 'url' ? 'target_url' : error.field;
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, field } });
    }
    if (error.validation) {
      const message = `Send a JSON body with "action" and "target_url" strings (${error.message}).`;
      return reply.code(400).send({ error: { code: 'invalid_request', message } });
    }
    const status = error.statusCode ?? 500;
    if (status === 415) {
      const message = 'Send the body as JSON, with Content-Type: application/json.';
      return reply.code(415).send({ error: { code: 'unsupported_media_type', message } });
    }
    if (status < 500) return reply.code(status).send({ error: { code: 'invalid_request', message: error.message } });
    return reply.code(500).send({ error: { code: 'internal', message: "Something went wrong inside Hookbench's Vyte emulator." } });
  });

  app.addHook('onRequest', async (request, reply) => {
    const verdict = authorize(apiKey(request));
    if (verdict === 'missing') {
      const message = 'Send your organization API key in the Authorization header.';
      return reply.code(401).send({ error: { code: 'missing_api_key', message } });
    }
    if (verdict === 'invalid') {
      const message = "This API key is not accepted: it is not one of the Vyte tokens listed in Hookbench's provider settings.";
      return reply.code(401).send({ error: { code: 'invalid_api_key', message } });
    }
    return undefined;
  });

  /** The caller's organization: derived from its API key (checked by the onRequest hook). */
  const organization = (request: FastifyRequest): string => organizationOfKey(apiKey(request) ?? '');

  const ownHooks = (request: FastifyRequest): Hook[] => {
    const own = organization(request);
    return hooks
      .list()
      .filter((hook) => organizationOf(hook) === own)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  };

  // Another organization's hook is as unknown as one that never existed.
  const ownHook = (request: FastifyRequest, id: string): Hook => {
    const found = ownHooks(request).find((hook) => vyteIdOf(hook) === id);
    if (!found) throw fail(404, 'hook_not_found', `No hook with _id "${id}" in your organization. List them with GET /hooks.`);
    return found;
  };

  app.post('/hooks', { schema: { body: HookBody, response: { 201: VyteHook, ...errors } } }, async (request, reply) => {
    checkBody(request.body);
    const { action, target_url } = request.body;
    const created = await hooks.create({
      name: hookName(action),
      url: target_url,
      events: [action],
      providerOptions: { organization: organization(request), _id: objectId() },
    });
    return reply.code(201).send(toVyteHook(created));
  });

  app.get('/hooks', { schema: { response: { 200: Type.Object({ hooks: Type.Array(VyteHook) }), ...errors } } }, async (request) => ({
    hooks: ownHooks(request).map(toVyteHook),
  }));

  app.get('/hooks/:hook_id', { schema: { params: HookParams, response: { 200: VyteHook, ...errors } } }, async (request) =>
    toVyteHook(ownHook(request, request.params.hook_id)),
  );

  app.put(
    '/hooks/:hook_id',
    { schema: { params: HookParams, body: HookBody, response: { 200: VyteHook, ...errors } } },
    async (request) => {
      const current = ownHook(request, request.params.hook_id);
      checkBody(request.body);
      const { action, target_url } = request.body;
      // A name Hookbench gave keeps following the action; one the user chose stays.
      const renamed = current.name === hookName(actionOf(current)) ? { name: hookName(action) } : {};
      return toVyteHook(await hooks.update(current.id, { ...renamed, url: target_url, events: [action] }));
    },
  );

  app.delete('/hooks/:hook_id', { schema: { params: HookParams } }, async (request, reply) => {
    await hooks.remove(ownHook(request, request.params.hook_id).id);
    return reply.code(204).send();
  });
};

import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Hook } from '../../../shared/hooks.js';
import { HttpError } from '../../errors.js';
import { uuid } from '../samples.js';
import type { EmulatorContext } from '../types.js';
import { typeOfCode } from './events.js';

interface GameParams {
  gameID: string;
}

/**
 * Khan's hook routes (api/hook.go), served at /p/khan: create a hook for a game and event
 * number, remove it by the publicID that creation returned. Answers are Khan's
 * `{"success": ..., "reason"?: ...}`. Khan puts no auth of its own on these routes, so
 * neither does the emulator.
 */
export const khanEmulator: FastifyPluginAsync<EmulatorContext> = async (app, context) => {
  // Khan reads the raw body whatever its content type, and answers bad JSON in its own shape.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // Client errors (a body over the size limit) keep their message; internals stay hidden.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) =>
    error.statusCode && error.statusCode < 500
      ? fail(reply, error.statusCode, error.message)
      : fail(reply, 500, 'Hookbench could not save the hook; try again.'),
  );

  app.post<{ Params: GameParams; Body: string | undefined }>('/games/:gameID/hooks', async (request, reply) => {
    const { gameID } = request.params;
    const parsed = parseHookPayload(request.body ?? '');
    if ('reason' in parsed) return fail(reply, 400, parsed.reason);
    const type = typeOfCode.get(parsed.type);
    if (!type) {
      return fail(reply, 400, `type ${parsed.type} is not a Khan event type; use 0 (GameUpdated) to 12 (MemberLeft).`);
    }
    const existing = context.hooks.list().find((hook) => isKhanHook(hook, gameID) && hook.url === parsed.hookURL && sameEvents(hook, type));
    if (existing) return { success: true, publicID: existing.providerOptions['publicID'] };
    const publicID = uuid();
    try {
      await context.hooks.create({
        url: parsed.hookURL,
        name: `Khan ${gameID} ${type}`.slice(0, 200),
        events: [type],
        providerOptions: { gameID, publicID },
      });
    } catch (error) {
      // The target policy refuses a URL: Khan's shape, Hookbench's reason.
      if (error instanceof HttpError && error.statusCode === 400) return fail(reply, 400, error.message);
      throw error;
    }
    return { success: true, publicID };
  });

  app.delete<{ Params: GameParams & { publicID: string } }>('/games/:gameID/hooks/:publicID', async (request, reply) => {
    const { gameID, publicID } = request.params;
    const hook = context.hooks
      .list()
      .find((candidate) => isKhanHook(candidate, gameID) && candidate.providerOptions['publicID'] === publicID);
    // Khan answers an unknown hook with its ModelNotFoundError, as a 500.
    if (!hook) return fail(reply, 500, `Hook was not found with id: ${publicID}`);
    await context.hooks.remove(hook.id);
    return { success: true };
  });
};

function fail(reply: FastifyReply, status: number, reason: string) {
  return reply.code(status).send({ success: false, reason });
}

function isKhanHook(hook: Hook, gameID: string): boolean {
  return hook.providerOptions['gameID'] === gameID && typeof hook.providerOptions['publicID'] === 'string';
}

function sameEvents(hook: Hook, type: string): boolean {
  return hook.events.length === 1 && hook.events[0] === type;
}

/** Khan's HookPayload: `type` (an int, 0 when absent) and a required `hookURL`. */
function parseHookPayload(raw: string): { type: number; hookURL: string } | { reason: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    return { reason: `parse error: ${(error as Error).message}` };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { reason: 'parse error: expected a JSON object like {"type": 3, "hookURL": "https://..."}' };
  }
  // Go's zero values: an absent or null type is 0, an absent or null hookURL is empty.
  const fields = body as { type?: unknown; hookURL?: unknown };
  const type = fields.type ?? 0;
  const hookURL = fields.hookURL ?? '';
  if (typeof type !== 'number' || !Number.isInteger(type))
    return { reason: `parse error: type must be an integer, not ${JSON.stringify(type)}` };
  if (typeof hookURL !== 'string') return { reason: `parse error: hookURL must be a string, not ${JSON.stringify(hookURL)}` };
  if (!hookURL) return { reason: 'hookURL is required' };
  return { type, hookURL };
}

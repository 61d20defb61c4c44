import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CaptureSummary,
  ErrorBody,
  IdParams,
  Inbox,
  InboxCreate,
  InboxPatch,
  Page,
  PageQuery,
  WaitQuery,
  WaitResult,
} from '../../../../shared/schemas.js';
import { InboxSecretValue } from '../../../../shared/answers.js';
import { revealSecret } from '../../../inboxes/secrets.js';
import type { InboxService } from '../../../inboxes/service.js';
import { paginate } from './paginate.js';

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export interface InboxRoutesOptions {
  inboxes: InboxService;
  /** Aborted when the server shuts down, ending every pending wait. */
  shutdown: AbortSignal;
}

export const inboxRoutes: FastifyPluginAsyncTypebox<InboxRoutesOptions> = async (app, { inboxes, shutdown }) => {
  app.post('/api/inboxes', { schema: { body: InboxCreate, response: { 201: Inbox, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await inboxes.create(request.body)),
  );

  app.get('/api/inboxes', { schema: { querystring: PageQuery, response: { 200: Page(Inbox) } } }, async (request) =>
    paginate(inboxes.list(), request.query.limit ?? 50, request.query.cursor),
  );

  app.get('/api/inboxes/:id', { schema: { params: IdParams, response: { 200: Inbox, ...errors } } }, async (request) =>
    inboxes.get(request.params.id),
  );

  app.patch('/api/inboxes/:id', { schema: { params: IdParams, body: InboxPatch, response: { 200: Inbox, ...errors } } }, async (request) =>
    inboxes.update(request.params.id, request.body),
  );

  // The one answer that carries a secret's value: every other shows only {set} (the reveal button, a script that needs it).
  app.get(
    '/api/inboxes/:id/secrets/:name',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }), name: Type.String({ maxLength: 64 }) }),
        response: { 200: InboxSecretValue, ...errors },
      },
    },
    async (request) => {
      const inbox = inboxes.get(request.params.id);
      return revealSecret(inboxes.secretValues(inbox.id), request.params.name, inbox.slug);
    },
  );

  // Rewinds a scripted inbox to step 1 (409 when it has no script), e.g. between tests.
  app.post('/api/inboxes/:id/script/reset', { schema: { params: IdParams, response: { 200: Inbox, ...errors } } }, async (request) =>
    inboxes.resetScript(request.params.id),
  );

  app.delete('/api/inboxes/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await inboxes.remove(request.params.id);
    return reply.code(204).send();
  });

  app.get(
    '/api/inboxes/:id/requests',
    {
      schema: {
        params: IdParams,
        querystring: Type.Composite([PageQuery, Type.Object({ q: Type.Optional(Type.String({ maxLength: 500 })) })]),
        response: { 200: Page(CaptureSummary), ...errors },
      },
    },
    async (request) => {
      // A filter typed on is superseded: the UI drops the request, and the search stops.
      const gone = new AbortController();
      const stop = () => gone.abort();
      request.raw.once('close', stop);
      try {
        const { limit = 50, cursor, q } = request.query;
        return await inboxes.listCaptures(request.params.id, { limit, cursor, q, signal: gone.signal });
      } finally {
        request.raw.off('close', stop);
      }
    },
  );

  app.get(
    '/api/inboxes/:id/requests/wait',
    { schema: { params: IdParams, querystring: WaitQuery, response: { 200: WaitResult, ...errors } } },
    async (request) => {
      const gone = new AbortController();
      const stop = () => gone.abort();
      request.raw.once('close', stop);
      shutdown.addEventListener('abort', stop);
      try {
        return await inboxes.waitForCaptures(
          request.params.id,
          { count: request.query.count ?? 1, timeoutMs: request.query.timeoutMs ?? 30_000, after: request.query.after },
          gone.signal,
        );
      } finally {
        request.raw.off('close', stop);
        shutdown.removeEventListener('abort', stop);
      }
    },
  );

  app.delete('/api/inboxes/:id/requests', { schema: { params: IdParams } }, async (request, reply) => {
    await inboxes.clear(request.params.id);
    return reply.code(204).send();
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Hook, HookCreate, HookPatch, RotateSecret } from '../../../../shared/hooks.js';
import { ErrorBody, IdParams, Page, PageQuery } from '../../../../shared/schemas.js';
import type { HookService } from '../../../hooks/service.js';
import { paginate } from './paginate.js';

const errors = { 400: ErrorBody, 404: ErrorBody };

/** The hook registry. Answers include the secret: the control API is the owner's. */
export const hookRoutes: FastifyPluginAsyncTypebox<{ hooks: HookService }> = async (app, { hooks }) => {
  app.post('/api/hooks', { schema: { body: HookCreate, response: { 201: Hook, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await hooks.create(request.body)),
  );

  app.get('/api/hooks', { schema: { querystring: PageQuery, response: { 200: Page(Hook) } } }, async (request) =>
    paginate(hooks.list(), request.query.limit ?? 50, request.query.cursor),
  );

  app.get('/api/hooks/:id', { schema: { params: IdParams, response: { 200: Hook, ...errors } } }, async (request) =>
    hooks.get(request.params.id),
  );

  app.patch('/api/hooks/:id', { schema: { params: IdParams, body: HookPatch, response: { 200: Hook, ...errors } } }, async (request) =>
    hooks.update(request.params.id, request.body),
  );

  app.post(
    '/api/hooks/:id/rotate-secret',
    {
      schema: { params: IdParams, body: RotateSecret, response: { 200: Hook, ...errors } },
      // Both fields are optional, so no body at all is a rotation with the defaults.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => hooks.rotateSecret(request.params.id, request.body),
  );

  app.delete('/api/hooks/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await hooks.remove(request.params.id);
    return reply.code(204).send();
  });
};

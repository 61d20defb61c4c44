import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { FireRequest, FireResult, HookEvent } from '../../../../shared/hooks.js';
import { ErrorBody, IdParams, Page, PageQuery } from '../../../../shared/schemas.js';
import type { FiringService } from '../../../firing/service.js';

const EventSummary = Type.Omit(HookEvent, ['payload']);

export const eventRoutes: FastifyPluginAsyncTypebox<{ firing: FiringService }> = async (app, { firing }) => {
  // 202: the event and its deliveries are stored; sending happens after the answer.
  app.post('/api/events', { schema: { body: FireRequest, response: { 202: FireResult, 400: ErrorBody } } }, async (request, reply) =>
    reply.code(202).send(await firing.fire(request.body)),
  );

  app.get('/api/events', { schema: { querystring: PageQuery, response: { 200: Page(EventSummary) } } }, async (request) =>
    firing.listEvents(request.query.limit ?? 50, request.query.cursor),
  );

  app.get('/api/events/:id', { schema: { params: IdParams, response: { 200: HookEvent, 404: ErrorBody } } }, async (request) =>
    firing.getEvent(request.params.id),
  );
};

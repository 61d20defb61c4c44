import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Delivery, DeliveryQuery } from '../../../../shared/hooks.js';
import { ErrorBody, IdParams, Page } from '../../../../shared/schemas.js';
import type { Dispatcher } from '../../../dispatcher/dispatcher.js';
import { toDelivery, type DeliveryStore } from '../../../store/deliveries.js';

const errors = { 404: ErrorBody, 409: ErrorBody };

export const deliveryRoutes: FastifyPluginAsyncTypebox<{ deliveries: DeliveryStore; dispatcher: Dispatcher }> = async (
  app,
  { deliveries, dispatcher },
) => {
  app.get('/api/deliveries', { schema: { querystring: DeliveryQuery, response: { 200: Page(Delivery) } } }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const page = await deliveries.list(filter, limit ?? 50, cursor);
    return { items: page.items.map(toDelivery), nextCursor: page.nextCursor };
  });

  app.get('/api/deliveries/:id', { schema: { params: IdParams, response: { 200: Delivery, ...errors } } }, async (request) =>
    dispatcher.get(request.params.id),
  );

  app.post('/api/deliveries/:id/retry', { schema: { params: IdParams, response: { 202: Delivery, ...errors } } }, async (request, reply) =>
    reply.code(202).send(await dispatcher.retryNow(request.params.id)),
  );

  app.post('/api/deliveries/:id/cancel', { schema: { params: IdParams, response: { 200: Delivery, ...errors } } }, async (request) =>
    dispatcher.cancel(request.params.id),
  );
};

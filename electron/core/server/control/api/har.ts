import type { AddressInfo } from 'node:net';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DeliveryQuery } from '../../../../shared/hooks.js';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import { createTargetPolicy } from '../../../dispatcher/policy.js';
import { HttpError } from '../../../errors.js';
import { deliveriesHar, inboxHar } from '../../../har/export.js';
import { HarReplayRequest, HarReplayResult } from '../../../har/replay-schema.js';
import { HarReplayer } from '../../../har/replay.js';
import type { InboxService } from '../../../inboxes/service.js';
import type { DeliveryStore } from '../../../store/deliveries.js';

export interface HarRoutesOptions {
  inboxes: InboxService;
  deliveries: DeliveryStore;
  ingressUrl: () => string;
}

const errors = { 400: ErrorBody, 404: ErrorBody };
/** A HAR document (schema.ts), written with plain JSON.stringify: it can be large, and has custom `_` fields. */
const HarAnswer = { 200: Type.Unknown(), ...errors };
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 }));
const HAR_BODY_LIMIT = 64 * 1024 * 1024;

/** HAR 1.2 export of captures and delivery attempts, and replay of any HAR's requests. */
export const harRoutes: FastifyPluginAsyncTypebox<HarRoutesOptions> = async (app, { inboxes, deliveries, ingressUrl }) => {
  // The same target policy as hooks: replay may reach localhost, never metadata or the control port.
  const replayer = new HarReplayer(createTargetPolicy(() => (app.server.address() as AddressInfo).port));
  app.addHook('onClose', () => replayer.close());

  const download = (name: string) => `attachment; filename="${name}.har"`;

  app.get(
    '/api/inboxes/:id/har',
    { schema: { params: IdParams, querystring: Type.Object({ limit: Limit }), response: HarAnswer } },
    async (request, reply) => {
      const har = await inboxHar(inboxes, request.params.id, ingressUrl(), request.query.limit);
      return reply.header('content-disposition', download(request.params.id)).type('application/json; charset=utf-8').send(har);
    },
  );

  app.get(
    '/api/deliveries/har',
    {
      schema: {
        querystring: Type.Object({
          hookId: DeliveryQuery.properties.hookId,
          eventId: DeliveryQuery.properties.eventId,
          status: DeliveryQuery.properties.status,
          limit: Limit,
          /** Credential headers as sent; without it they are `[secret]` (a HAR file is made to be shared). */
          secrets: Type.Optional(Type.Boolean()),
        }),
        response: HarAnswer,
      },
    },
    async (request, reply) => {
      const { limit, secrets = false, ...filter } = request.query;
      const har = await deliveriesHar(deliveries, filter, limit, { secrets });
      return reply.header('content-disposition', download('deliveries')).type('application/json; charset=utf-8').send(har);
    },
  );

  app.post(
    '/api/har/replay',
    { bodyLimit: HAR_BODY_LIMIT, schema: { body: HarReplayRequest, response: { 200: HarReplayResult, ...errors } } },
    async (request) => {
      const { har, url, inboxSlug, timeoutMs = 30_000 } = request.body;
      if ((url === undefined) === (inboxSlug === undefined)) {
        throw new HttpError(
          400,
          'invalid_target',
          'Give either "url" (where to send the requests) or "inboxSlug" (an inbox of this Hookbench).',
          'url',
        );
      }
      let target = url;
      if (inboxSlug !== undefined) {
        if (!inboxes.resolveSlug(inboxSlug)) {
          throw new HttpError(
            404,
            'inbox_not_found',
            `No inbox "${inboxSlug}". Create it with POST /api/inboxes {"slug":"${inboxSlug}"}.`,
            'inboxSlug',
          );
        }
        target = `${ingressUrl()}/in/${inboxSlug}`;
      }
      return replayer.replay(har.log.entries, target!, timeoutMs);
    },
  );
};

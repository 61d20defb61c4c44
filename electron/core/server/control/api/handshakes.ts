import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HandshakeApply, HandshakePresetList } from '../../../../shared/handshakes.js';
import { ErrorBody, IdParams, Inbox } from '../../../../shared/schemas.js';
import { listHandshakes } from '../../../inboxes/handshakes.js';
import type { InboxService } from '../../../inboxes/service.js';

const errors = { 400: ErrorBody, 404: ErrorBody };

/** Handshake presets: what there is, and adding one's rules to an inbox. */
export const handshakeRoutes: FastifyPluginAsyncTypebox<{ inboxes: InboxService }> = async (app, { inboxes }) => {
  app.get('/api/handshakes', { schema: { response: { 200: HandshakePresetList } } }, async () => ({ items: listHandshakes() }));

  app.post(
    '/api/inboxes/:id/handshakes',
    { schema: { params: IdParams, body: HandshakeApply, response: { 200: Inbox, ...errors } } },
    async (request) => inboxes.applyHandshake(request.params.id, request.body.preset, request.body.params ?? {}),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Capture, ErrorBody, IdParams } from '../../../../shared/schemas.js';
import type { InboxService } from '../../../inboxes/service.js';

export const requestRoutes: FastifyPluginAsyncTypebox<{ inboxes: InboxService }> = async (app, { inboxes }) => {
  app.get('/api/requests/:id', { schema: { params: IdParams, response: { 200: Capture, 404: ErrorBody } } }, async (request) =>
    inboxes.getCapture(request.params.id),
  );

  // Captured bytes are whatever a stranger sent: they are served as a sandboxed download so
  // an HTML or SVG body can never run script on the privileged control origin.
  app.get('/api/requests/:id/body', { schema: { params: IdParams } }, async (request, reply) => {
    const { contentType, body } = await inboxes.captureBody(request.params.id);
    // capture-<id>.bin: the name the "Copy as" commands read a binary body from.
    return reply
      .header('content-type', contentType ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="capture-${request.params.id}.bin"`)
      .header('content-security-policy', "sandbox; default-src 'none'")
      .send(body);
  });
};

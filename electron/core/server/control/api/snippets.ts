import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import { AttemptParams, ReplayRequest, ReplayResult, SnippetQuery, Snippets } from '../../../../shared/snippets.js';
import type { ReplayService } from '../../../replay/service.js';

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** "Copy as" commands for captures and delivery attempts, and replaying a capture. */
export const snippetRoutes: FastifyPluginAsyncTypebox<{ replay: ReplayService }> = async (app, { replay }) => {
  app.get(
    '/api/requests/:id/snippets',
    { schema: { params: IdParams, querystring: SnippetQuery, response: { 200: Snippets, ...errors } } },
    async (request) => replay.captureSnippets(request.params.id, request.query.target),
  );

  app.post(
    '/api/requests/:id/replay',
    { schema: { params: IdParams, body: ReplayRequest, response: { 200: ReplayResult, ...errors } } },
    async (request) => replay.replay(request.params.id, request.body.url),
  );

  app.get(
    '/api/deliveries/:id/attempts/:n/snippets',
    { schema: { params: AttemptParams, querystring: SnippetQuery, response: { 200: Snippets, ...errors } } },
    async (request) => replay.attemptSnippets(request.params.id, request.params.n, request.query.target),
  );

  // The body a snippet reads from a file, served like a capture's: a sandboxed download.
  app.get('/api/deliveries/:id/attempts/:n/body', { schema: { params: AttemptParams } }, async (request, reply) => {
    const { id, n } = request.params;
    const { contentType, body } = await replay.attemptBody(id, n);
    return reply
      .header('content-type', contentType ?? 'application/octet-stream')
      .header('content-disposition', `attachment; filename="attempt-${id}-${n}.bin"`)
      .header('content-security-policy', "sandbox; default-src 'none'")
      .send(body);
  });
};

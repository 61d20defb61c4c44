import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaptureForwards } from '../../../../shared/forwarding.js';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import type { ForwardingService } from '../../../forwarding/service.js';
import type { InboxService } from '../../../inboxes/service.js';

/** What became of relaying a capture to its inbox's forwarding rules (kept in memory only). */
export const forwardRoutes: FastifyPluginAsyncTypebox<{ forwarding: ForwardingService; inboxes: InboxService }> = async (
  app,
  { forwarding, inboxes },
) => {
  app.get(
    '/api/requests/:id/forwards',
    { schema: { params: IdParams, response: { 200: CaptureForwards, 404: ErrorBody } } },
    async (request) => {
      const found = forwarding.forwardsOf(request.params.id);
      if (found) return found;
      // None recorded: a 404 still tells a capture that does not exist from one not forwarded (yet).
      await inboxes.captureBody(request.params.id);
      return [];
    },
  );
};

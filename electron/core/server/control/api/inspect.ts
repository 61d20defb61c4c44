import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CaptureCheck, CaptureDelivery, CaptureDiff, CaptureLinks } from '../../../../shared/inspect.js';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import type { Dispatcher } from '../../../dispatcher/dispatcher.js';
import { HttpError } from '../../../errors.js';
import type { InboxService } from '../../../inboxes/service.js';
import { checkCapture } from '../../../inspect/check.js';
import { diffCaptures } from '../../../inspect/diff.js';
import type { Catalog } from '../../../providers/catalog.js';

const PairParams = Type.Object({ a: Type.String({ maxLength: 64 }), b: Type.String({ maxLength: 64 }) });

/** A URL's path, as a capture records it (the query apart; '' if it does not parse). */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** The inspector's power tools on captures: which delivery made one, what it looks like, how two differ. */
export const inspectRoutes: FastifyPluginAsyncTypebox<{ inboxes: InboxService; catalog: Catalog; dispatcher: Dispatcher }> = async (
  app,
  { inboxes, catalog, dispatcher },
) => {
  /** The attempt that made the capture: webhook-id names it for signed generic deliveries, the index for the rest. */
  const deliveryOf = async (captureId: string): Promise<CaptureDelivery | null> => {
    const capture = await inboxes.getCapture(captureId);
    const named = capture.headers.find(([name]) => name.toLowerCase() === 'webhook-id')?.[1];
    const found = await recordedAttemptOf(capture.id, named);
    if (found) return found;
    // Just captured: the attempt that sent it may not have its answer back yet.
    await dispatcher.attemptsRecorded((delivery) => delivery.id === named || pathOf(delivery.url) === capture.path);
    return recordedAttemptOf(capture.id, named);
  };

  const recordedAttemptOf = async (captureId: string, named: string | undefined): Promise<CaptureDelivery | null> => {
    const candidates = [named, dispatcher.captureLinks.find(captureId)?.deliveryId].filter((id): id is string => !!id);
    for (const deliveryId of new Set(candidates)) {
      const delivery = await dispatcher.get(deliveryId).catch(() => undefined);
      // The attempt must name this very capture: a replayed or copied webhook-id points nowhere.
      const attempt = delivery?.attempts.find((candidate) => candidate.captureId === captureId);
      if (delivery && attempt) return { deliveryId, attempt: attempt.n, eventId: delivery.eventId, hookId: delivery.hookId };
    }
    return null;
  };

  app.get(
    '/api/requests/:id/delivery',
    { schema: { params: IdParams, response: { 200: CaptureDelivery, 404: ErrorBody } } },
    async (request) => {
      const found = await deliveryOf(request.params.id);
      if (found) return found;
      throw new HttpError(
        404,
        'delivery_not_found',
        `No delivery attempt is known to have made request "${request.params.id}": it was sent by something else, or (without a webhook-id header) before Hookbench last restarted.`,
      );
    },
  );

  // The same for the workbench, which asks of every capture it shows: "none" is an answer there, not a 404.
  app.get(
    '/api/requests/:id/links',
    { schema: { params: IdParams, response: { 200: CaptureLinks, 404: ErrorBody } } },
    async (request) => ({
      delivery: await deliveryOf(request.params.id),
    }),
  );

  app.get('/api/requests/:id/check', { schema: { params: IdParams, response: { 200: CaptureCheck, 404: ErrorBody } } }, async (request) =>
    checkCapture(await inboxes.getCapture(request.params.id), catalog),
  );

  app.get(
    '/api/requests/:a/diff/:b',
    { schema: { params: PairParams, response: { 200: CaptureDiff, 404: ErrorBody } } },
    async (request) => {
      const { a, b } = request.params;
      const [captureA, captureB, bodyA, bodyB] = await Promise.all([
        inboxes.getCapture(a),
        inboxes.getCapture(b),
        inboxes.captureBody(a),
        inboxes.captureBody(b),
      ]);
      return diffCaptures(captureA, bodyA.body, captureB, bodyB.body);
    },
  );
};

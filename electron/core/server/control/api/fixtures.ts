import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import { buildFixture } from '../../../fixtures/build.js';
import { FixtureBundle, FixtureCreate } from '../../../fixtures/format.js';
import type { InboxService } from '../../../inboxes/service.js';

const errors = { 400: ErrorBody, 404: ErrorBody };
/** The bundle, or with ?format=vitest the test file alone (sent raw by its own serializer). */
const FixtureOrTest = Type.Union([FixtureBundle, Type.String()]);
const FixtureQuery = Type.Object({
  /** `vitest` answers the test file alone (text/plain), ready to save. */
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('vitest')])),
  targetUrl: Type.Optional(Type.String({ maxLength: 4096 })),
});

/** Captures as fixture files (raw bodies, base64) plus a generated Vitest replay test. */
export const fixtureRoutes: FastifyPluginAsyncTypebox<{ inboxes: InboxService }> = async (app, { inboxes }) => {
  app.post(
    '/api/fixtures',
    { schema: { body: FixtureCreate, querystring: FixtureQuery, response: { 200: FixtureOrTest, ...errors } } },
    async (request, reply) => {
      const bundle = await buildFixture(inboxes, request.body.captureIds, {
        targetUrl: request.body.targetUrl ?? request.query.targetUrl,
        fixturePath: request.body.fixturePath,
      });
      return request.query.format === 'vitest' ? reply.type('text/plain; charset=utf-8').serializer(String).send(bundle.vitest) : bundle;
    },
  );

  app.get(
    '/api/requests/:id/fixture',
    { schema: { params: IdParams, querystring: FixtureQuery, response: { 200: FixtureOrTest, ...errors } } },
    async (request, reply) => {
      const bundle = await buildFixture(inboxes, [request.params.id], { targetUrl: request.query.targetUrl });
      return request.query.format === 'vitest' ? reply.type('text/plain; charset=utf-8').serializer(String).send(bundle.vitest) : bundle;
    },
  );
};

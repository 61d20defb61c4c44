import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Scenario, ScenarioInput, ScenarioRunRequest, ScenarioRunResult, ScenarioUpdate } from '../../../../shared/scenarios.js';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import type { ScenarioService } from '../../../scenarios/service.js';

export const scenarioRoutes: FastifyPluginAsyncTypebox<{ scenarios: ScenarioService }> = async (app, { scenarios }) => {
  app.get('/api/scenarios', { schema: { response: { 200: Type.Object({ items: Type.Array(Scenario) }) } } }, async () => ({
    items: scenarios.list(),
  }));

  app.get('/api/scenarios/:id', { schema: { params: IdParams, response: { 200: Scenario, 404: ErrorBody } } }, async (request) =>
    scenarios.get(request.params.id),
  );

  app.post(
    '/api/scenarios',
    { schema: { body: ScenarioInput, response: { 201: Scenario, 400: ErrorBody, 409: ErrorBody } } },
    async (request, reply) => reply.code(201).send(await scenarios.create(request.body)),
  );

  app.put(
    '/api/scenarios/:id',
    { schema: { params: IdParams, body: ScenarioUpdate, response: { 200: Scenario, 400: ErrorBody, 404: ErrorBody } } },
    async (request) => scenarios.update(request.params.id, request.body),
  );

  app.delete('/api/scenarios/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await scenarios.remove(request.params.id);
    return reply.code(204).send();
  });

  // 202, as POST /api/events: every step is stored and handed to the dispatcher; sending goes on after.
  app.post(
    '/api/scenarios/:id/run',
    {
      schema: {
        params: IdParams,
        body: Type.Optional(ScenarioRunRequest),
        response: { 202: ScenarioRunResult, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => reply.code(202).send(await scenarios.run(request.params.id, request.body ?? {})),
  );
};

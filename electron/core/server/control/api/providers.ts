import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EventType, EventTypeInput, PayloadCheck, PayloadProblems, Provider, ProviderSettings } from '../../../../shared/hooks.js';
import { ErrorBody } from '../../../../shared/schemas.js';
import type { Catalog } from '../../../providers/catalog.js';
import { assertEventType, schemaProblems } from '../../../providers/validation.js';

const TypeParams = Type.Object({ type: Type.String({ maxLength: 128 }) });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const ProviderParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const EventTypeParams = Type.Object({ id: ProviderParams.properties.id, type: TypeParams.properties.type });

export const providerRoutes: FastifyPluginAsyncTypebox<{ catalog: Catalog; ingressUrl: () => string }> = async (
  app,
  { catalog, ingressUrl },
) => {
  app.get('/api/providers', { schema: { response: { 200: Type.Object({ items: Type.Array(Provider) }) } } }, async () => ({
    items: catalog.list(ingressUrl()),
  }));

  app.get(
    '/api/providers/:id/settings',
    { schema: { params: ProviderParams, response: { 200: ProviderSettings, ...errors } } },
    async (request) => catalog.settings(request.params.id),
  );

  app.put(
    '/api/providers/:id/settings',
    { schema: { params: ProviderParams, body: ProviderSettings, response: { 200: ProviderSettings, ...errors } } },
    async (request) => catalog.saveSettings(request.params.id, request.body),
  );

  // Checks a payload as firing would, without firing: the Fire view validates as the user types
  // (the page's CSP forbids Ajv's code generation in the browser).
  app.post(
    '/api/providers/:id/events/:type/validate',
    { schema: { params: EventTypeParams, body: PayloadCheck, response: { 200: PayloadProblems, ...errors } } },
    async (request) => {
      const eventType = catalog.eventType(request.params.id, request.params.type);
      return { type: eventType.type, problems: schemaProblems(eventType.schema, request.body.payload) };
    },
  );

  app.post(
    '/api/providers/generic/events',
    { schema: { body: EventTypeInput, response: { 201: EventType, ...errors } } },
    async (request, reply) => {
      assertEventType(request.body.schema ?? {}, request.body.sample);
      return reply.code(201).send(await catalog.addGeneric(request.body));
    },
  );

  app.put(
    '/api/providers/generic/events/:type',
    { schema: { params: TypeParams, body: Type.Omit(EventTypeInput, ['type']), response: { 200: EventType, ...errors } } },
    async (request) => {
      assertEventType(request.body.schema ?? {}, request.body.sample);
      return catalog.putGeneric(request.params.type, request.body);
    },
  );

  app.delete('/api/providers/generic/events/:type', { schema: { params: TypeParams } }, async (request, reply) => {
    await catalog.deleteGeneric(request.params.type);
    return reply.code(204).send();
  });
};

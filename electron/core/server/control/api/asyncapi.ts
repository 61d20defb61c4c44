import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AsyncApiImport } from '../../../../shared/asyncapi.js';
import { Provider } from '../../../../shared/hooks.js';
import { ErrorBody } from '../../../../shared/schemas.js';
import type { HookService } from '../../../hooks/service.js';
import { readAsyncApi } from '../../../providers/asyncapi/import.js';
import type { Catalog } from '../../../providers/catalog.js';

const ProviderParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The user's own providers: imported from an AsyncAPI document, deleted when no hook uses them. */
export const customProviderRoutes: FastifyPluginAsyncTypebox<{ catalog: Catalog; hooks: HookService; ingressUrl: () => string }> = async (
  app,
  { catalog, hooks, ingressUrl },
) => {
  app.post(
    '/api/providers/import/asyncapi',
    { schema: { body: AsyncApiImport, response: { 201: Provider, ...errors } } },
    async (request, reply) => {
      const imported = await readAsyncApi(request.body.document);
      const { id } = await catalog.addCustomProvider({
        id: request.body.id ?? providerIdOf(imported.title),
        name: request.body.name ?? imported.title,
        description: imported.description,
        source: 'asyncapi',
        eventTypes: imported.eventTypes,
        createdAt: new Date().toISOString(),
      });
      const [provider] = catalog.list(ingressUrl()).filter((listed) => listed.id === id);
      if (!provider) throw new Error(`The provider "${id}" was saved but is not in the catalog.`);
      return reply.code(201).send(provider);
    },
  );

  app.delete('/api/providers/:id', { schema: { params: ProviderParams } }, async (request, reply) => {
    const { id } = request.params;
    await catalog.deleteCustomProvider(id, hooks.list().filter((hook) => hook.provider === id).length);
    return reply.code(204).send();
  });
};

/** `Streetlights Kafka API` → `streetlights-kafka-api`: the shape of the built-in ids. */
function providerIdOf(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64)
      .replace(/-+$/, '') || 'asyncapi'
  );
}

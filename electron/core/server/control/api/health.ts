import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health } from '../../../../shared/schemas.js';

export const healthRoutes: FastifyPluginAsyncTypebox<{ health: () => Health }> = async (app, { health }) => {
  app.get('/api/health', { schema: { response: { 200: Health } } }, async () => health());
};

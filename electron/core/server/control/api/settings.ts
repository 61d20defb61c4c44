import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, Settings, TokenRotation } from '../../../../shared/schemas.js';
import type { ControlToken } from '../../../token.js';
import { sessionCookie } from '../security.js';

export interface SettingsRouteOptions {
  settings: Omit<Settings, 'tokenSource'>;
  token: ControlToken;
}

export const settingsRoutes: FastifyPluginAsyncTypebox<SettingsRouteOptions> = async (app, { settings, token }) => {
  app.get('/api/settings', { schema: { response: { 200: Settings } } }, async () => ({
    ...settings,
    tokenSource: token.fromEnvironment ? ('environment' as const) : ('data-dir' as const),
  }));

  // The caller gets a fresh session cookie, so the page that rotated stays signed in.
  app.post('/api/token/rotate', { schema: { response: { 200: TokenRotation, 409: ErrorBody } } }, async (_request, reply) => {
    const rotated = await token.rotate();
    return reply.header('set-cookie', sessionCookie(rotated)).send({ token: rotated });
  });
};

import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { SESSION_COOKIE } from './security.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The browser entry: `/?token=…` swaps the token for an HttpOnly, SameSite=Strict session
 * cookie and redirects to `/`, so the token leaves the address bar and history at once.
 */
export const uiRoutes: FastifyPluginAsync<{ ingressUrl: () => string }> = async (app, { ingressUrl }) => {
  app.get(
    '/',
    { schema: { querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 512 })) }) } },
    async (request, reply) => {
      const { token } = request.query as { token?: string };
      reply.header('content-security-policy', CSP);
      if (token !== undefined) {
        if (!app.tokenMatches(token)) {
          return reply
            .code(401)
            .type('text/html; charset=utf-8')
            .send(page('This link is not valid', '<p>Open the exact address that <code>hookbench serve</code> printed.</p>'));
        }
        return reply.header('set-cookie', `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`).redirect('/', 302);
      }
      const body = request.authenticated
        ? `<p>You are signed in. The workbench interface is not built yet; until it is, drive Hookbench through its control API under <code>/api</code>.</p>
         <p>Send webhooks to <code>${ingressUrl()}/in/default</code>.</p>`
        : '<p>Open the address that <code>hookbench serve</code> printed (it carries your access token).</p>';
      return reply.type('text/html; charset=utf-8').send(page('Hookbench', body));
    },
  );
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

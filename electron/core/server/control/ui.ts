import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { sessionCookie } from './security.js';

/**
 * No inline script, no eval, nothing from elsewhere. The one inline style sheet allowed is the
 * one CodeMirror writes at run time, with the page's nonce.
 */
export function csp(styleNonce = ''): string {
  const styles = styleNonce ? `'self' 'nonce-${styleNonce}'` : "'self'";
  return `default-src 'none'; script-src 'self'; style-src ${styles}; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Where the built UI is: dist/renderer, seen from the sources (tsx) or from the build (dist/electron). */
export function findUiDir(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return [join(here, '../../../../dist/renderer'), join(here, '../../../../renderer')].find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * The browser entry: `/?token=…` swaps the token for an HttpOnly, SameSite=Strict session
 * cookie and redirects to `/`, so the token leaves the address bar and history at once. The
 * page itself is the built renderer; its assets are public (they hold no data).
 */
export const uiRoutes: FastifyPluginAsync<{ uiDir: string | undefined }> = async (app, { uiDir }) => {
  app.get(
    '/',
    { schema: { querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 512 })) }) } },
    async (request, reply) => {
      const { token } = request.query as { token?: string };
      const nonce = randomBytes(16).toString('base64');
      reply.header('content-security-policy', csp(nonce)).header('cache-control', 'no-store');
      if (token !== undefined) {
        if (!app.tokenMatches(token)) {
          return reply
            .code(401)
            .type('text/html; charset=utf-8')
            .send(page('This link is not valid', '<p>Open the exact address that <code>hookbench serve</code> printed.</p>'));
        }
        return reply.header('set-cookie', sessionCookie(token)).redirect('/', 302);
      }
      if (!request.authenticated) {
        return reply
          .code(401)
          .type('text/html; charset=utf-8')
          .send(page('Hookbench', '<p>Open the address that <code>hookbench serve</code> printed (it carries your access token).</p>'));
      }
      if (!uiDir) {
        return reply
          .type('text/html; charset=utf-8')
          .send(
            page(
              'Hookbench',
              '<p>The workbench UI is not built. Run <code>npm run build:ui</code>, then reload. The API under <code>/api</code> works meanwhile.</p>',
            ),
          );
      }
      const html = (await readFile(join(uiDir, 'index.html'), 'utf8')).replace(
        '<head>',
        `<head><meta name="hookbench-style-nonce" content="${nonce}">`,
      );
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.get('/assets/*', async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = uiDir && normalize(join(uiDir, 'assets', name));
    if (!file || !file.startsWith(join(uiDir, 'assets') + sep) || !TYPES[extname(file)] || !existsSync(file)) {
      return reply.code(404).send({ error: { code: 'not_found', message: `No asset ${name}.` } });
    }
    // Asset names carry a content hash: they never change.
    return reply
      .type(TYPES[extname(file)]!)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(await readFile(file));
  });
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

import type { FastifyInstance } from 'fastify';

/**
 * Fastify's JSON parser, except that an empty body is no body rather than an error: some
 * clients label a bodiless DELETE `application/json`, and Express-based APIs (which emulated
 * providers stand in for) accept that.
 */
export function emptyJsonIsNoBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(request, body.toString(), done);
  });
}

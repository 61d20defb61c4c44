import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, storageFault, storageUnavailable } from '../../errors.js';
import type { Logger } from '../../log.js';

/** One JSON error shape for every failure; 5xx details stay in the log. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, field: error.field } });
    }
    if (error.validation) {
      const first = error.validation[0];
      const field = first?.instancePath.replace(/^\//, '').replace(/\//g, '.') || first?.params?.['missingProperty'];
      return reply.code(400).send({
        error: { code: 'invalid_request', message: `Invalid ${error.validationContext ?? 'request'}: ${error.message}`, field },
      });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    log.error(`${request.method} ${request.routeOptions.url ?? ''} failed: ${error.stack ?? error.message}`);
    // A full or read-only disk is the user's to fix, so it is named rather than hidden as internal.
    const fault = storageFault(error);
    if (fault) {
      const answer = storageUnavailable(fault);
      return reply.code(answer.statusCode).send({ error: { code: answer.code, message: answer.message } });
    }
    return reply
      .code(500)
      .send({ error: { code: 'internal', message: 'Something went wrong inside Hookbench; its log has the details.' } });
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } }),
  );
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import { VerifyRequest, VerifyResult } from '../../../../shared/signatures.js';
import { verifyCapture, type SignatureDeps } from '../../../signatures/service.js';

/** The signature debugger: why a capture's signature does or does not verify. */
export const signatureRoutes: FastifyPluginAsyncTypebox<SignatureDeps> = async (app, deps) => {
  app.post(
    '/api/requests/:id/verify',
    { schema: { params: IdParams, body: VerifyRequest, response: { 200: VerifyResult, 400: ErrorBody, 404: ErrorBody } } },
    async (request) => verifyCapture(deps, request.params.id, request.body),
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../../../../shared/schemas.js';
import { WorkspaceExportQuery, WorkspaceImportQuery, WorkspaceSummary } from '../../../../shared/workspace.js';
import type { WorkspaceService } from '../../../workspace/service.js';

/** Inboxes answer with up to 1 MiB each, so a whole workspace may be far above the API's usual body limit. */
const WORKSPACE_BODY_LIMIT = 64 * 1024 * 1024;

/** The workspace as one file: export it, or make the server match one. */
export const workspaceRoutes: FastifyPluginAsyncTypebox<{ workspace: WorkspaceService }> = async (app, { workspace }) => {
  // Indented and newline-terminated: the file is meant to be read, diffed and kept in a repository.
  app.get('/api/workspace', { schema: { querystring: WorkspaceExportQuery } }, async (request, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="hookbench-workspace.json"')
      .send(`${JSON.stringify(workspace.export({ secrets: request.query.secrets ?? false }), null, 2)}\n`),
  );

  // No body schema: the file is checked by the service, whose errors name the field by its JSON pointer.
  app.post(
    '/api/workspace',
    { bodyLimit: WORKSPACE_BODY_LIMIT, schema: { querystring: WorkspaceImportQuery, response: { 200: WorkspaceSummary, 400: ErrorBody } } },
    async (request) => workspace.import(request.body, { replace: request.query.replace ?? false }),
  );
};

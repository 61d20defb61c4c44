import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams } from '../../../../shared/schemas.js';
import { HookStats, InboxStats, OverviewStats, StatsQuery } from '../../../../shared/stats.js';
import type { StatsService } from '../../../stats/service.js';

const errors = { 400: ErrorBody, 404: ErrorBody };

/** Traffic over the last hour (by minute) or day (by hour): per inbox, per hook, and all of them. */
export const statsRoutes: FastifyPluginAsyncTypebox<{ stats: StatsService }> = async (app, { stats }) => {
  app.get(
    '/api/inboxes/:id/stats',
    { schema: { params: IdParams, querystring: StatsQuery, response: { 200: InboxStats, ...errors } } },
    async (request) => stats.inbox(request.params.id, request.query.range ?? 'hour'),
  );

  app.get(
    '/api/hooks/:id/stats',
    { schema: { params: IdParams, querystring: StatsQuery, response: { 200: HookStats, ...errors } } },
    async (request) => stats.hook(request.params.id, request.query.range ?? 'hour'),
  );

  app.get('/api/stats', { schema: { querystring: StatsQuery, response: { 200: OverviewStats, 400: ErrorBody } } }, async (request) =>
    stats.overview(request.query.range ?? 'hour'),
  );
};

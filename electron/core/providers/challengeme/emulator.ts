import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Hook } from '../../../shared/hooks.js';
import type { EmulatorContext } from '../types.js';
import { EVENT_NAMES, eventNamed } from './events.js';
import { BODIES, checkBody } from './requests.js';
import { isTeamId, teamIdOfHook, teamNameOf } from './teams.js';

/** The real server mounts the router under `webhooks`; its own docs sometimes write `webhook`. */
const BASES = ['/api/v1/webhooks/events', '/api/v1/webhook/events'];

type TeamRoute = { Params: { teamId: string } };

/**
 * ChallengeMe's webhook registration API. One registration (team + webhookUrl, with its token
 * and events) is one Hookbench hook; registering more events for the same team and URL adds
 * them to that hook, as the real server adds them to the same WebhookTeam row. Every team id
 * shaped like a UUID is a team: Hookbench has no team database and no team owners.
 */
export const challengemeEmulator: FastifyPluginAsync<EmulatorContext> = async (app, context) => {
  // ChallengeMe takes the second word of the header as the token and never checks the first.
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    if (!header) return reply.code(400).send({ message: 'Access Token Required' });
    if (context.authorize(header.split(' ')[1]) !== 'accepted') return reply.code(401).send({ message: 'Invalid Access Token' });
    return undefined;
  });

  for (const base of BASES) routes(app, base, context);
};

function routes(app: FastifyInstance, base: string, { hooks }: EmulatorContext): void {
  const teamHooks = (teamId: string) => hooks.list().filter((hook) => sameTeam(teamIdOfHook(hook), teamId));
  const teamRoute = { preHandler: knownTeam };

  app.get<{ Querystring: { name?: string } }>(`${base}/all`, async (request) => {
    // Like SQL's LIKE '%name%', case-insensitive as MySQL compares.
    const filter = request.query.name?.toLowerCase() ?? '';
    return EVENT_NAMES.filter((name) => name.toLowerCase().includes(filter));
  });

  app.get<TeamRoute>(`${base}/registered/:teamId`, teamRoute, async (request) => {
    const registered = teamHooks(request.params.teamId).filter((hook) => eventsOf(hook).length > 0);
    if (registered.length === 0) return { message: 'This team are not registered on any event on our system' };
    return registered.map((hook) => ({
      teamId: teamIdOfHook(hook),
      teamName: teamNameOf(teamIdOfHook(hook)!, registered),
      webhookUrl: hook.url,
      authorizationToken: tokenOf(hook),
      events: eventsOf(hook),
    }));
  });

  app.post<TeamRoute>(`${base}/registration/:teamId`, teamRoute, async (request, reply) => {
    const checked = checkBody(request.body, BODIES.registration);
    if ('problem' in checked) return reply.code(400).send({ success: false, message: checked.problem });
    const { webhookUrl, authorizationToken } = checked.body;
    const asked = [...new Set(checked.body.events)];
    const unknown = asked.filter((name) => eventNamed(name) === undefined);
    if (unknown.length === asked.length) return reply.code(404).send({ message: 'There is no such events' });
    if (unknown.length > 0) return reply.code(404).send({ message: `There is no such events as ${unknown.join(',')}` });
    const wanted = [...new Set(asked.map((name) => eventNamed(name)!))];

    const { teamId } = request.params;
    const team = teamHooks(teamId);
    const existing = team.find((hook) => hook.url === webhookUrl);
    if (existing) {
      // As the real server: the token of a later registration for the same URL is ignored.
      const already = wanted.filter((name) => eventsOf(existing).includes(name));
      if (already.length > 0) {
        return reply.code(409).send({ message: `You already registered with ${already.join(',')} event${already.length > 1 ? 's' : ''}` });
      }
      return saved(reply, 201, { message: 'Events Registration Success' }, () =>
        hooks.update(existing.id, { events: [...eventsOf(existing), ...wanted] }),
      );
    }
    const teamName = teamNameOf(teamId, team);
    return saved(reply, 201, { message: 'Events Registration Success' }, () =>
      hooks.create({
        url: webhookUrl,
        name: `ChallengeMe team ${teamName}`,
        events: wanted,
        providerOptions: { teamId, teamName, ...(authorizationToken === undefined ? {} : { authorizationToken }) },
      }),
    );
  });

  app.patch<TeamRoute>(`${base}/authorization/:teamId`, teamRoute, async (request, reply) => {
    const checked = checkBody(request.body, BODIES.authorization);
    if ('problem' in checked) return reply.code(400).send({ success: false, message: checked.problem });
    const { webhookUrl, authorizationToken } = checked.body;
    const matching = teamHooks(request.params.teamId).filter((hook) => hook.url === webhookUrl);
    if (matching.length === 0) {
      const message = `Update Authorization Token Fail, There is no webhook url '${webhookUrl}' fot this team`;
      return reply.code(404).send({ message });
    }
    return saved(reply, 200, { message: 'Update Authorization Token Success' }, () =>
      Promise.all(matching.map((hook) => hooks.update(hook.id, { providerOptions: { ...hook.providerOptions, authorizationToken } }))),
    );
  });

  app.patch<TeamRoute>(`${base}/url/:teamId`, teamRoute, async (request, reply) => {
    const checked = checkBody(request.body, BODIES.url);
    if ('problem' in checked) return reply.code(400).send({ success: false, message: checked.problem });
    const { oldWebhookUrl, newWebhookUrl } = checked.body;
    const matching = teamHooks(request.params.teamId).filter((hook) => hook.url === oldWebhookUrl);
    if (matching.length === 0) {
      return reply.code(404).send({ message: `Update url Fail, There is no webhook url '${oldWebhookUrl}' fot this team` });
    }
    return saved(reply, 200, { message: 'Update Url Success' }, () =>
      Promise.all(matching.map((hook) => hooks.update(hook.id, { url: newWebhookUrl }))),
    );
  });

  app.delete<TeamRoute>(`${base}/logout/:teamId`, teamRoute, async (request, reply) => {
    const checked = checkBody(request.body, BODIES.logout);
    if ('problem' in checked) return reply.code(400).send({ success: false, message: checked.problem });
    const { webhookUrl, events } = checked.body;
    const notRegistered = (names: string[]) =>
      reply.code(406).send({ message: `You are not registered to this events: '${names.join(',')}' with the specified webhookUrl` });
    const hook = teamHooks(request.params.teamId).find((candidate) => candidate.url === webhookUrl);
    if (!hook) return notRegistered(events);
    const registered = eventsOf(hook);
    const missing = events.filter((name) => !registered.includes(eventNamed(name) ?? ''));
    if (missing.length > 0) return notRegistered(missing);
    const leaving = new Set(events.map((name) => eventNamed(name)!));
    const remaining = registered.filter((name) => !leaving.has(name));
    // A Hookbench hook needs at least one event: a registration left with none is removed.
    return saved(reply, 200, { message: `Logout from ${events.join(',')} Events Success` }, () =>
      remaining.length > 0 ? hooks.update(hook.id, { events: remaining }) : hooks.remove(hook.id),
    );
  });
}

/** ChallengeMe looks the team up before anything else; a team id that is no UUID names no team. */
async function knownTeam(request: FastifyRequest, reply: FastifyReply) {
  const { teamId } = request.params as TeamRoute['Params'];
  if (!isTeamId(teamId)) return reply.code(404).send({ message: `There is no such team with ${teamId} team id` });
  return undefined;
}

/**
 * Runs a change to the hook registry and answers; a change Hookbench refuses (a URL its
 * target policy blocks) gets the real server's catch-all 400, with Hookbench's reason beside it.
 */
async function saved(reply: FastifyReply, status: number, answer: { message: string }, change: () => Promise<unknown>) {
  try {
    await change();
  } catch (error) {
    return reply.code(400).send({ message: 'Cannot process request', reason: (error as Error).message });
  }
  return reply.code(status).send(answer);
}

/** The event names a hook is registered for (`*` is every event). */
function eventsOf(hook: Hook): string[] {
  return hook.events.includes('*') ? [...EVENT_NAMES] : EVENT_NAMES.filter((name) => hook.events.includes(name));
}

function tokenOf(hook: Hook): string | null {
  const token = hook.providerOptions['authorizationToken'];
  return typeof token === 'string' ? token : null;
}

function sameTeam(stored: string | undefined, asked: string): boolean {
  return stored !== undefined && stored.toLowerCase() === asked.toLowerCase();
}

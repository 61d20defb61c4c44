import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture } from '../../electron/shared/schemas.js';
import { khan } from '../../electron/core/providers/khan/index.js';
import { schemaProblems } from '../../electron/core/providers/validation.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { header, ingressCall, newInbox } from '../helpers/providers.js';
import { openStream, settled, type EventStream } from '../helpers/stream.js';

let core: TestCore;
let stream: EventStream;

beforeAll(async () => {
  core = await startTestCore();
  stream = await openStream(core);
});
afterAll(async () => {
  stream.close();
  await core.dispose();
});

const TYPES = [
  'GameUpdated',
  'PlayerCreated',
  'PlayerUpdated',
  'ClanCreated',
  'ClanUpdated',
  'ClanOwnerLeft',
  'ClanOwnershipTransferred',
  'MembershipCreated',
  'MembershipApproved',
  'MembershipDenied',
  'MemberPromoted',
  'MemberDemoted',
  'MemberLeft',
];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Registers a hook the way a Khan client does. */
function register(gameID: string, body: unknown) {
  return ingressCall(core, 'POST', `/p/khan/games/${gameID}/hooks`, { body });
}

async function registered(gameID: string, type: number, hookURL: string): Promise<string> {
  const { status, body } = await register(gameID, { type, hookURL });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.publicID;
}

async function fire(input: Record<string, unknown>) {
  const { status, body } = await core.api('POST', '/api/events', { provider: 'khan', ...input });
  expect(status, JSON.stringify(body)).toBe(202);
  return body;
}

async function khanHooks(): Promise<any[]> {
  const { body } = await core.api('GET', '/api/hooks');
  return body.items.filter((hook: { provider: string }) => hook.provider === 'khan');
}

function headerNames(capture: Capture): string[] {
  return capture.headers.map(([name]) => name.toLowerCase());
}

/** What the app built, without what Khan's dispatcher adds. */
function payloadOf(body: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, id: _id, timestamp: _timestamp, ...payload } = body;
  return payload;
}

describe('Khan registration API', () => {
  it('creates a hook per game, type and URL, idempotently, as an ordinary Hookbench hook', async () => {
    const inbox = await newInbox(core, 'khan-register');
    const first = await register('kingdoms-of-amber', { type: 3, hookURL: inbox.url });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.body).toEqual({ success: true, publicID: expect.stringMatching(UUID_V4) });

    const again = await register('kingdoms-of-amber', { type: 3, hookURL: inbox.url });
    expect(again.body).toEqual({ success: true, publicID: first.body.publicID });
    const otherType = await registered('kingdoms-of-amber', 4, inbox.url);
    const otherGame = await registered('dragon-raiders', 3, inbox.url);
    expect(new Set([first.body.publicID, otherType, otherGame]).size).toBe(3);

    const hooks = (await khanHooks()).filter((hook) => hook.url === inbox.url);
    expect(hooks).toHaveLength(3);
    const hook = hooks.find((candidate) => candidate.providerOptions.publicID === first.body.publicID);
    expect(hook).toMatchObject({
      name: 'Khan kingdoms-of-amber ClanCreated',
      events: ['ClanCreated'],
      method: 'POST',
      format: 'json',
      timeoutMs: 500,
      retry: { preset: 'none', schedule: [] },
      secret: '',
      enabled: true,
      providerOptions: { gameID: 'kingdoms-of-amber', publicID: first.body.publicID },
    });
  });

  it('removes a hook by its publicID, only within its own game', async () => {
    const inbox = await newInbox(core, 'khan-remove');
    const publicID = await registered('star-siege', 12, inbox.url);
    const wrongGame = await ingressCall(core, 'DELETE', `/p/khan/games/tidal-wars/hooks/${publicID}`);
    expect(wrongGame.status).toBe(500);
    expect(wrongGame.body).toEqual({ success: false, reason: `Hook was not found with id: ${publicID}` });

    const removed = await ingressCall(core, 'DELETE', `/p/khan/games/star-siege/hooks/${publicID}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ success: true });
    expect((await khanHooks()).some((hook) => hook.providerOptions.publicID === publicID)).toBe(false);

    const twice = await ingressCall(core, 'DELETE', `/p/khan/games/star-siege/hooks/${publicID}`);
    expect(twice.status).toBe(500);
    expect(twice.body).toEqual({ success: false, reason: `Hook was not found with id: ${publicID}` });

    // A game id of any length is Khan's to answer, in its own shape.
    const longGame = 'g'.repeat(150);
    const unknown = await ingressCall(core, 'DELETE', `/p/khan/games/${longGame}/hooks/${publicID}`);
    expect(unknown.body).toEqual({ success: false, reason: `Hook was not found with id: ${publicID}` });
  });

  it('answers every malformed registration with 400 in Khan’s shape', async () => {
    const cases: [unknown, RegExp | string][] = [
      [{ type: 3 }, 'hookURL is required'],
      [{ type: 3, hookURL: '' }, 'hookURL is required'],
      ['{"type": 3, "hookURL": ', /^parse error: /],
      ['', /^parse error: /],
      ['[1, 2]', /^parse error: expected a JSON object/],
      [{ type: '3', hookURL: 'http://127.0.0.1:9/x' }, /^parse error: type must be an integer/],
      [{ type: 3, hookURL: 42 }, /^parse error: hookURL must be a string/],
      [{ type: 13, hookURL: 'http://127.0.0.1:9/x' }, /^type 13 is not a Khan event type/],
      [{ type: 3, hookURL: 'not a url' }, /is not a valid URL/],
      [{ type: 3, hookURL: 'ftp://127.0.0.1/x' }, /Only http and https/],
      [{ type: 3, hookURL: 'http://169.254.169.254/latest/meta-data' }, /link-local, metadata/],
    ];
    const before = (await khanHooks()).length;
    for (const [body, reason] of cases) {
      const answer = await register('pocket-legends', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toEqual({ success: false, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) });
    }
    expect((await khanHooks()).length).toBe(before);
  });

  it('takes a missing type as 0 (GameUpdated), like Go’s zero value', async () => {
    const inbox = await newInbox(core, 'khan-zero-type');
    const { body } = await register('pocket-legends', { hookURL: inbox.url });
    expect(body).toEqual({ success: true, publicID: expect.stringMatching(UUID_V4) });
    const hook = (await khanHooks()).find((candidate) => candidate.providerOptions.publicID === body.publicID);
    expect(hook.events).toEqual(['GameUpdated']);
  });
});

describe('Khan deliveries', () => {
  it('sends each of the 13 event types as Khan’s JSON POST to hooks registered through the emulator', async () => {
    const inbox = await newInbox(core, 'khan-all');
    const game = 'iron-harvest-mobile';
    for (const [code] of TYPES.entries()) await registered(game, code, inbox.url);

    for (const [code, type] of TYPES.entries()) {
      const fired = await fire({ type });
      expect(fired.event.type).toBe(type);
      // Hooks of earlier tests get their own deliveries; this inbox gets exactly one.
      expect(fired.deliveries.filter((delivery: { url: string }) => delivery.url === inbox.url)).toHaveLength(1);
      const [capture] = await inbox.next();
      expect(capture!.method).toBe('POST');
      expect(capture!.path).toBe('/in/khan-all');
      expect(capture!.query).toEqual([]);
      expect(header(capture!, 'content-type')).toBe('application/json');
      expect(header(capture!, 'user-agent')).toBe('Go-http-client/1.1');
      expect(headerNames(capture!).sort()).toEqual(['connection', 'content-length', 'content-type', 'host', 'user-agent']);

      const body = capture!.json as Record<string, unknown>;
      expect(body.type).toBe(code);
      expect(body.id).toMatch(UUID_V4);
      expect(body.timestamp).toMatch(RFC3339_WITH_OFFSET);
      expect(Date.parse(body.timestamp as string)).toBe(Math.floor(Date.parse(fired.event.createdAt) / 1000) * 1000);
      // Go marshals maps with sorted keys.
      expect(Object.keys(body)).toEqual(Object.keys(body).sort());
      const payload = payloadOf(body);
      expect(type === 'GameUpdated' ? payload.publicID : payload.gameID).toBe(game);
      const schema = khan.eventTypes.find((eventType) => eventType.type === type)!.schema;
      expect(schemaProblems(schema, payload)).toEqual([]);
    }
  });

  it('accepts the event number instead of the name', async () => {
    const inbox = await newInbox(core, 'khan-number');
    await registered('dragon-raiders', 10, inbox.url);
    const fired = await fire({ type: '10' });
    expect(fired.event.type).toBe('MemberPromoted');
    const [capture] = await inbox.next();
    const body = capture!.json as { type: number; gameID: string; player: { membershipLevel: string } };
    expect(body.type).toBe(10);
    expect(body.gameID).toBe('dragon-raiders');
    expect(['elder', 'coleader']).toContain(body.player.membershipLevel);
  });

  it('fills URL templates from the body and turns user:pass@ into Basic auth', async () => {
    const inbox = await newInbox(core, 'khan-template');
    const base = new URL(inbox.url);
    const template =
      `http://clan-bot:s%3Acret@${base.host}${base.pathname}/{{gameID}}/{{clan.name}}` +
      '?owner={{clan.ownerPublicID}}&type={{type}}&event={{id}}&missing={{clan.nothing.here}}&none={{nope}}';
    const publicID = await registered('tidal-wars', 3, template);
    const payload = {
      gameID: 'tidal-wars',
      clan: {
        publicID: '6f1c0b9e-3d2a-4c8e-9b71-2f5e8a4d1c07',
        name: 'Night & Day Wolves',
        membershipCount: 1,
        ownerPublicID: 'b7e2d4a1-90c3-4f6e-8a25-1d3c5e7f9a0b',
        metadata: { region: 'eu-west' },
        allowApplication: true,
        autoJoin: false,
      },
    };
    const fired = await fire({ type: 'ClanCreated', payload });
    const [capture] = await inbox.next();
    const body = capture!.json as Record<string, unknown>;
    expect(capture!.path).toBe('/in/khan-template/tidal-wars/Night+%26+Day+Wolves');
    expect(capture!.query).toEqual([
      ['owner', payload.clan.ownerPublicID],
      ['type', '3'],
      ['event', body.id],
      ['missing', ''],
      ['none', ''],
    ]);
    expect(header(capture!, 'authorization')).toBe(`Basic ${Buffer.from('clan-bot:s:cret').toString('base64')}`);
    expect(payloadOf(body)).toEqual(payload);
    // Go's json.Marshal escapes <, > and & inside strings.
    expect(capture!.body).toContain('"name":"Night \\u0026 Day Wolves"');

    const hook = (await khanHooks()).find((candidate) => candidate.providerOptions.publicID === publicID);
    expect(hook.url).toBe(template);
    const delivery = await settled(stream, fired.deliveries[0].id);
    expect(delivery.attempts[0].request.url).not.toContain('clan-bot');
  });

  it('sends an explicit payload only to the hooks of its game; samples reach each hook with its own game', async () => {
    const amber = await newInbox(core, 'khan-game-amber');
    const siege = await newInbox(core, 'khan-game-siege');
    await registered('amber-scope', 4, amber.url);
    const siegeHook = await registered('siege-scope', 4, siege.url);
    const payload = khan.eventTypes.find((eventType) => eventType.type === 'ClanUpdated')!.sample({ scope: 'siege-scope' }) as object;

    const explicit = await fire({ type: 'ClanUpdated', payload });
    expect(explicit.deliveries).toHaveLength(1);
    const [toSiege] = await siege.next();
    expect(payloadOf(toSiege!.json as Record<string, unknown>)).toEqual(payload);
    const hooks = await khanHooks();
    expect(explicit.deliveries[0].hookId).toBe(hooks.find((hook) => hook.providerOptions.publicID === siegeHook).id);

    await fire({ type: 'ClanUpdated' });
    // Amber's first capture is the sample for its own game: the explicit payload never came.
    const [toAmber] = await amber.next();
    expect((toAmber!.json as { gameID: string }).gameID).toBe('amber-scope');
    const [sampleToSiege] = await siege.next();
    expect((sampleToSiege!.json as { gameID: string }).gameID).toBe('siege-scope');
  });

  it('counts any answer below 400 as delivered and never retries a failure', async () => {
    const redirect = await core.api('POST', '/api/inboxes', { slug: 'khan-302', response: { status: 302 } });
    const broken = await core.api('POST', '/api/inboxes', { slug: 'khan-400', response: { status: 400 } });
    const ids = [await registered('verdict-game', 1, redirect.body.url), await registered('verdict-game', 1, broken.body.url)];
    // A roomier timeout than Khan's 500 ms, so a busy test machine cannot turn an answer into a timeout.
    for (const hook of (await khanHooks()).filter((candidate) => ids.includes(candidate.providerOptions.publicID))) {
      expect((await core.api('PATCH', `/api/hooks/${hook.id}`, { timeoutMs: 10_000 })).status).toBe(200);
    }
    const fired = await fire({ type: 'PlayerCreated', payload: khan.eventTypes[1]!.sample({ scope: 'verdict-game' }) });
    const outcomes = await Promise.all(fired.deliveries.map((delivery: { id: string }) => settled(stream, delivery.id)));
    const byUrl = Object.fromEntries(outcomes.map((delivery) => [delivery.url, delivery]));
    expect(byUrl[redirect.body.url]).toMatchObject({ status: 'succeeded', attempts: [{ response: { status: 302 } }] });
    expect(byUrl[broken.body.url]).toMatchObject({ status: 'failed', attempts: [{ response: { status: 400 } }] });
  });
});

describe('Khan hooks and catalog', () => {
  it('needs a game for hooks made in Hookbench, and accepts templated URLs', async () => {
    const missing = await core.api('POST', '/api/hooks', { provider: 'khan', url: 'http://127.0.0.1:9/hook' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_provider_options');
    const templated = await core.api('POST', '/api/hooks', {
      provider: 'khan',
      url: 'http://127.0.0.1:9/games/{{gameID}}/clans/{{clan.publicID}}?player={{player.publicID}}',
      events: ['7', 'MemberLeft'],
      providerOptions: { gameID: 'kingdoms-of-amber' },
    });
    expect(templated.status, JSON.stringify(templated.body)).toBe(201);
    expect(templated.body.events).toEqual(['MembershipCreated', 'MemberLeft']);
  });

  it('lists the 13 types with their numbers as aliases, the Game scope and the emulator', async () => {
    const khanOf = async () => {
      const { body } = await core.api('GET', '/api/providers');
      return body.items.find((candidate: { id: string }) => candidate.id === 'khan');
    };
    const provider = await khanOf();
    expect(provider.eventTypes.map((eventType: { type: string }) => eventType.type)).toEqual(TYPES);
    expect(provider.eventTypes.map((eventType: { aliases: string[] }) => eventType.aliases)).toEqual(
      TYPES.map((_, code) => [String(code)]),
    );
    expect(provider.scope).toEqual({ option: 'gameID', label: 'Game' });
    expect(provider.emulatorUrl).toBe(`${core.ingressUrl}/p/khan`);
    expect(provider.hookDefaults).toMatchObject({ method: 'POST', format: 'json', timeoutMs: 500, generatesSecret: false });
    // Every call serves fresh samples, each valid for its type.
    const later = await khanOf();
    provider.eventTypes.forEach((eventType: { type: string; schema: Record<string, unknown>; sample: unknown }, index: number) => {
      expect(schemaProblems(eventType.schema, eventType.sample), eventType.type).toEqual([]);
      expect(later.eventTypes[index].sample).not.toEqual(eventType.sample);
    });
  });

  it('generates samples that match their schemas, differ each time and carry the hook’s game', () => {
    for (const eventType of khan.eventTypes) {
      const first = eventType.sample({ scope: 'kingdoms-of-amber' }) as Record<string, unknown>;
      const second = eventType.sample({ scope: 'kingdoms-of-amber' }) as Record<string, unknown>;
      for (const sample of [first, second, eventType.sample({})])
        expect(schemaProblems(eventType.schema, sample), eventType.type).toEqual([]);
      expect(JSON.stringify(first)).not.toBe(JSON.stringify(second));
      expect(eventType.type === 'GameUpdated' ? first.publicID : first.gameID).toBe('kingdoms-of-amber');
      expect(khan.scope!.ofPayload(first)).toBe('kingdoms-of-amber');
    }
  });
});

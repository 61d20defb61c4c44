import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaProblems } from '../../electron/core/providers/validation.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore();
});
afterAll(() => core.dispose());

const providers = async () => (await core.api('GET', '/api/providers')).body.items;

describe('the provider catalogs', () => {
  it('serve every provider with its defaults, scope, emulator URL and event types', async () => {
    const items = await providers();
    expect(items.map((provider: { id: string }) => provider.id)).toEqual(
      expect.arrayContaining(['generic', 'khan', 'codewars', 'challengeme', 'vyte', 'kazoo']),
    );
    for (const provider of items) {
      expect(provider.hookDefaults).toMatchObject({
        method: expect.any(String),
        format: expect.any(String),
        timeoutMs: expect.any(Number),
      });
      expect(provider.hookOptions.type).toBe('object');
      expect(provider.eventTypes.length).toBeGreaterThan(0);
      if (provider.emulatorUrl !== null) expect(provider.emulatorUrl).toBe(`${core.ingressUrl}/p/${provider.id}`);
    }
    const khan = items.find((provider: { id: string }) => provider.id === 'khan');
    expect(khan.scope).toEqual({ option: 'gameID', label: 'Game' });
  });

  it('generate samples that match their schemas and differ from one call to the next', async () => {
    const [first, second] = [await providers(), await providers()];
    for (const [index, provider] of first.entries()) {
      for (const [position, eventType] of provider.eventTypes.entries()) {
        const where = `${provider.id} ${eventType.type}`;
        expect(schemaProblems(eventType.schema, eventType.sample), where).toEqual([]);
        const again = second[index].eventTypes[position].sample;
        expect(schemaProblems(eventType.schema, again), where).toEqual([]);
        expect(again, where).not.toEqual(eventType.sample);
      }
    }
  });
});

describe('firing a payload', () => {
  it('refuses one that does not match the schema, naming where and why, unless validate is false', async () => {
    const refused = await core.api('POST', '/api/events', {
      provider: 'generic',
      type: 'ping',
      url: `${core.ingressUrl}/in/default`,
      payload: { message: 7 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_payload', field: 'payload/message' });
    expect(refused.body.error.message).toContain('"/message": must be string');
    // How to send it anyway, on each surface a user may have fired from.
    expect(refused.body.error.message).toMatch(/"validate": false over the API, --no-validate .*"Send anyway" in the workbench/);
    const sent = await core.api('POST', '/api/events', {
      provider: 'generic',
      type: 'ping',
      url: `${core.ingressUrl}/in/default`,
      payload: { message: 7 },
      validate: false,
    });
    expect(sent.status).toBe(202);
    expect(sent.body.event.payload).toEqual({ message: 7 });
  });
});

describe('emulator settings', () => {
  it('keep the tokens an emulator accepts, per provider', async () => {
    expect((await core.api('GET', '/api/providers/kazoo/settings')).body).toEqual({ acceptedTokens: [] });
    const saved = await core.api('PUT', '/api/providers/kazoo/settings', { acceptedTokens: ['secret-token'] });
    expect(saved.status).toBe(200);
    expect((await core.api('GET', '/api/providers/kazoo/settings')).body).toEqual({ acceptedTokens: ['secret-token'] });
    const kazoo = (await providers()).find((provider: { id: string }) => provider.id === 'kazoo');
    expect(kazoo.acceptedTokens).toEqual(['secret-token']);
    expect((await core.api('PUT', '/api/providers/kazoo/settings', { acceptedTokens: [''] })).status).toBe(400);
    const unknown = await core.api('GET', '/api/providers/nope/settings');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_provider');
    await core.api('PUT', '/api/providers/kazoo/settings', { acceptedTokens: [] });
  });
});

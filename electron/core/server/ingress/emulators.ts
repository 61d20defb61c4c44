import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { HookService } from '../../hooks/service.js';
import type { Catalog } from '../../providers/catalog.js';
import { providers } from '../../providers/registry.js';
import type { EmulatorContext, ProviderDefinition } from '../../providers/types.js';
import { notFound } from '../../errors.js';

export interface EmulatorServices {
  hooks: HookService;
  catalog: Catalog;
}

/** Mounts every provider's emulated registration API under /p/<provider>. */
export function registerEmulators(app: FastifyInstance, services: EmulatorServices): void {
  for (const provider of providers.values()) {
    if (provider.emulator) app.register(provider.emulator, { prefix: `/p/${provider.id}`, ...emulatorContext(provider, services) });
  }
}

/** What one provider's emulator may touch: its own hooks, and its accepted tokens. */
export function emulatorContext(provider: ProviderDefinition, { hooks, catalog }: EmulatorServices): EmulatorContext {
  const own = (id: string) => {
    const hook = hooks.find(id);
    if (!hook || hook.provider !== provider.id) throw notFound('hook', id);
    return hook;
  };
  return {
    hooks: {
      list: () => hooks.list().filter((hook) => hook.provider === provider.id),
      create: (input) => hooks.create({ ...input, provider: provider.id }),
      update: (id, patch) => hooks.update(own(id).id, { ...patch, provider: provider.id }),
      remove: (id) => hooks.remove(own(id).id),
    },
    authorize: (token) => {
      if (!token) return 'missing';
      const accepted = catalog.settings(provider.id).acceptedTokens;
      if (accepted.length === 0) return 'accepted';
      return accepted.some((candidate) => sameText(candidate, token)) ? 'accepted' : 'invalid';
    },
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Hook } from '../../../shared/hooks.js';
import { OBJECT_ID_PATTERN } from './schemas.js';

/** How Vyte's hooks map onto Hookbench's: one action, one target URL, one organization. */

export const vyteHookOptions = Type.Object({
  organization: Type.String({
    pattern: OBJECT_ID_PATTERN,
    description: 'The Vyte organization (24 hex digits) whose actions the hook receives.',
  }),
  _id: Type.Optional(
    Type.String({
      pattern: OBJECT_ID_PATTERN,
      description: 'The hook id the emulated Vyte API answers with; set when the hook is registered through /p/vyte/hooks.',
    }),
  ),
});

/** A hook as Vyte's API shows it (Mongoose's `__v` included). */
export const VyteHook = Type.Object({
  __v: Type.Literal(0),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  organization: Type.String(),
  scope: Type.Literal('organization'),
  action: Type.String(),
  target_url: Type.String(),
  _id: Type.String(),
});
export type VyteHook = Static<typeof VyteHook>;

const hex24 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 24);

/**
 * A Vyte API key belongs to one organization. The emulator has no accounts, so it derives the
 * organization from the key: the same key always sees the same organization and its hooks.
 */
export const organizationOfKey = (key: string): string => hex24(`vyte-organization:${key}`);

export function organizationOf(hook: Hook): string | undefined {
  const value = hook.providerOptions['organization'];
  return typeof value === 'string' ? value : undefined;
}

/** The id registered through the emulator, or a stable one for a hook made in Hookbench itself. */
export function vyteIdOf(hook: Hook): string {
  const value = hook.providerOptions['_id'];
  return typeof value === 'string' ? value : hex24(`vyte-hook:${hook.id}`);
}

/** Vyte hooks have one action; a Hookbench hook with several events (or `*`) shows them joined by commas. */
export const actionOf = (hook: Hook): string => hook.events.join(',');

export function toVyteHook(hook: Hook): VyteHook {
  return {
    __v: 0,
    createdAt: hook.createdAt,
    updatedAt: hook.updatedAt,
    organization: organizationOf(hook) ?? '',
    scope: 'organization',
    action: actionOf(hook),
    target_url: hook.url,
    _id: vyteIdOf(hook),
  };
}

/** The name a hook registered through the emulator gets, so people can tell it in Hookbench's list. */
export const hookName = (action: string): string => `Vyte ${action}`;

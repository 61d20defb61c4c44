import { SECRETS_MAX, SECRET_VALUE_MAX, type InboxSecretState, type InboxSecretsInput } from '../../shared/answers.js';
import { HttpError } from '../errors.js';

/**
 * An inbox's secrets as stored: name → value, or null for a secret that is named (by a
 * workspace file exported without values) but has no value yet. Values leave the core only
 * through the reveal route and a workspace export with secrets.
 */
export type StoredSecrets = Record<string, string | null>;

/**
 * The secrets after a create or a patch (merge semantics: names left out are kept). `{set}`,
 * what answers show, keeps the value, so an inbox read and sent back unchanged loses nothing.
 */
export function mergeSecrets(current: StoredSecrets | undefined, input: InboxSecretsInput | null | undefined): StoredSecrets | undefined {
  if (input === undefined) return current;
  if (input === null) return undefined;
  const next: StoredSecrets = { ...current };
  for (const [name, value] of Object.entries(input)) {
    if (value === null) delete next[name];
    else if (typeof value === 'string') {
      if (Buffer.byteLength(value) > SECRET_VALUE_MAX) {
        throw new HttpError(
          400,
          'secret_too_large',
          `secrets.${name}: a secret's value may be up to ${SECRET_VALUE_MAX} bytes.`,
          `secrets.${name}`,
        );
      }
      next[name] = value;
    } else next[name] = Object.hasOwn(next, name) ? next[name]! : null;
  }
  const count = Object.keys(next).length;
  if (count > SECRETS_MAX) {
    throw new HttpError(
      400,
      'too_many_secrets',
      `An inbox holds at most ${SECRETS_MAX} secrets (this would make ${count}); remove one first.`,
      'secrets',
    );
  }
  // No secrets is stored as none.
  return count > 0 ? next : undefined;
}

/** What answers show: each name, and whether it has a value. */
export function maskedSecrets(secrets: StoredSecrets | undefined): Record<string, InboxSecretState> | undefined {
  if (!secrets) return undefined;
  return Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { set: value !== null }]));
}

/** One secret's value for the reveal route; 404 naming the secret when the inbox has none of that name. */
export function revealSecret(secrets: StoredSecrets | undefined, name: string, slug: string): { name: string; value: string | null } {
  if (!secrets || !Object.hasOwn(secrets, name)) {
    throw new HttpError(404, 'not_found', `Inbox "${slug}" has no secret "${name}". Add it with PATCH {"secrets":{"${name}":"<value>"}}.`);
  }
  return { name, value: secrets[name]! };
}

/** The names of secrets still without a value. */
export function unsetSecrets(secrets: StoredSecrets | undefined): string[] {
  return Object.entries(secrets ?? {})
    .filter(([, value]) => value === null)
    .map(([name]) => name);
}

/**
 * A secret as templates see it. Only the HMAC filters can use its value (`secretValue`); written
 * out, compared, measured or passed through any other filter it is the text `[secret]`, so no
 * template, however it reaches it (`secrets.name`, `[request.query.k][request.query.n]`, a loop),
 * can hand a value back to the sender. The value is in a private field: Liquid, reading own
 * properties only, cannot see it.
 */
export class SecretRef {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  static reveal(ref: SecretRef): string {
    return ref.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  valueOf(): string {
    return '[secret]';
  }
}

/** The key an HMAC filter signs with: a secret's value, or the text given. */
export function secretValue(key: unknown): string {
  return key instanceof SecretRef ? SecretRef.reveal(key) : String(key);
}

const scopes = new WeakMap<StoredSecrets, object>();
const noSecrets = Object.freeze(Object.create(null) as object);

/**
 * What templates read as `secrets`, built once per saved secrets object: each name holds a
 * SecretRef. A secret without a value fails the render with a message saying what to do, rather
 * than signing with nothing.
 */
export function secretScope(secrets: StoredSecrets | undefined): object {
  if (!secrets) return noSecrets;
  let scope = scopes.get(secrets);
  if (!scope) {
    scope = Object.create(null) as object;
    for (const [name, value] of Object.entries(secrets)) {
      const ref = value === null ? null : new SecretRef(value);
      Object.defineProperty(scope, name, {
        enumerable: true,
        get: () => {
          if (ref === null) throw new Error(`secrets.${name} has no value yet; set it in the inbox's settings (Secrets).`);
          return ref;
        },
      });
    }
    scopes.set(secrets, scope);
  }
  return scope;
}

/**
 * A render error's message with every secret value replaced by its name: the message goes to
 * the sender and into the capture. Templates never see values (see SecretRef); this is the
 * second line, for a message built from anything else.
 */
export function redactSecrets(message: string, secrets: StoredSecrets | undefined): string {
  let redacted = message;
  for (const [name, value] of Object.entries(secrets ?? {})) if (value) redacted = redacted.replaceAll(value, `secrets.${name}`);
  return redacted;
}

/** Secrets as a workspace file exported with secrets writes them: values, and `{set: false}` for those without one. */
export function exportedSecrets(secrets: StoredSecrets): InboxSecretsInput {
  return Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, value ?? { set: false }]));
}

/**
 * The patch that makes an inbox's secrets match a workspace file's, or undefined when they do:
 * names the file lacks go, values it has are set, and a name it gives without a value keeps the
 * inbox's value (or is added without one, for the import to report).
 */
export function secretsPatch(
  current: StoredSecrets | undefined,
  wanted: InboxSecretsInput | null | undefined,
): InboxSecretsInput | null | undefined {
  if (!wanted) return current ? null : undefined;
  const patch: InboxSecretsInput = {};
  for (const name of Object.keys(current ?? {})) if (!Object.hasOwn(wanted, name)) patch[name] = null;
  for (const [name, value] of Object.entries(wanted)) {
    const has = current !== undefined && Object.hasOwn(current, name);
    // A value changes what differs; null removes what is there; {set} only adds a missing name.
    const changes = typeof value === 'string' ? !has || current[name] !== value : value === null ? has : !has;
    if (changes) patch[name] = value;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

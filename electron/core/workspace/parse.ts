import { Type, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { SLUG_PATTERN } from '../../shared/schemas.js';
import { Workspace, WORKSPACE_VERSIONS, type WorkspaceProvider } from '../../shared/workspace.js';
import { HttpError } from '../errors.js';
import { providers } from '../providers/registry.js';

/** A bad workspace file: a 400 whose message starts with the JSON pointer of the first problem. */
export function invalidWorkspace(pointer: string, problem: string): HttpError {
  const where = pointer.replace(/^\//, '');
  return new HttpError(400, 'invalid_workspace', where ? `${where}: ${problem}` : problem, where || undefined);
}

/**
 * Runs an inbox's or hook's own check, its refusal renamed to where the entry is in the file:
 * `response.body` of the second inbox is `inboxes/1/response/body`.
 */
export function atEntry(pointer: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const field = error.field ?? '';
    // Inbox messages start with their field already; the pointer takes its place.
    const message = field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
    throw invalidWorkspace(field ? `${pointer}/${field.replaceAll('.', '/')}` : pointer, message);
  }
}

const SECTIONS = ['inboxes', 'hooks', 'eventTypes'] as const;
type Section = (typeof SECTIONS)[number];

/** An export has every section; a file written by hand may leave any out (it then says nothing about that kind). */
const WorkspaceFile = Type.Composite([Type.Omit(Workspace, SECTIONS), Type.Partial(Type.Pick(Workspace, SECTIONS))], {
  additionalProperties: false,
});

/**
 * A checked file, its missing sections empty; `lacks` names them (and `providers`, which an
 * export leaves out when there are none), so `replace` removes nothing of their kind.
 */
export type ParsedWorkspace = Workspace & { lacks: Set<Section | 'providers'> };

/**
 * Checks a parsed file's shape: first that it is a workspace of a version this Hookbench reads
 * (so a newer file says so instead of listing fields it does not know), then every field.
 */
export function parseWorkspace(value: unknown): ParsedWorkspace {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidWorkspace('', 'A workspace file is a JSON object like {"hookbench": "workspace", "version": 1, ...}.');
  }
  const { hookbench, version } = value as Record<string, unknown>;
  if (hookbench !== 'workspace') {
    throw invalidWorkspace('hookbench', 'This is not a Hookbench workspace file (it needs "hookbench": "workspace").');
  }
  if (!(WORKSPACE_VERSIONS as readonly unknown[]).includes(version)) {
    throw new HttpError(
      400,
      'unsupported_workspace_version',
      `version: this file is workspace version ${JSON.stringify(version)}; this Hookbench reads version ${WORKSPACE_VERSIONS.join(', ')}. ` +
        'Export it again from this Hookbench, or use the Hookbench that wrote it.',
      'version',
    );
  }
  const problem = Value.Errors(WorkspaceFile, value).First();
  if (problem) throw invalidWorkspace(problem.path, `${describe(problem) ?? problem.message}.`);
  const file = value as Partial<Workspace>;
  const kinds: (Section | 'providers')[] = [...SECTIONS, 'providers'];
  const lacks = new Set(kinds.filter((section) => file[section] === undefined));
  const workspace = {
    ...(value as Workspace),
    inboxes: file.inboxes ?? [],
    hooks: file.hooks ?? [],
    eventTypes: file.eventTypes ?? [],
    lacks,
  };
  assertUnique(workspace.inboxes, (inbox) => inbox.slug, 'inboxes', 'slug');
  assertUnique(workspace.hooks, (hook) => hook.key, 'hooks', 'key');
  assertUnique(workspace.eventTypes, (eventType) => eventType.type, 'eventTypes', 'type');
  checkProviders(workspace.providers ?? []);
  return workspace;
}

/** The file's own providers: ids no built-in provider has (the registry is fixed), each type once. */
function checkProviders(list: WorkspaceProvider[]): void {
  assertUnique(list, (provider) => provider.id, 'providers', 'id');
  list.forEach((provider, index) => {
    if (providers.has(provider.id)) {
      throw invalidWorkspace(`providers/${index}/id`, `"${provider.id}" is a built-in provider; choose another id.`);
    }
    assertUnique(provider.eventTypes, (eventType) => eventType.type, `providers/${index}/eventTypes`, 'type');
  });
}

/** Imports match by these fields, so two entries with the same one would be one thing twice. */
function assertUnique<T>(items: T[], keyOf: (item: T) => string, list: string, field: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined) {
      throw invalidWorkspace(`${list}/${index}/${field}`, `"${key}" is also the ${field} of ${list}/${first}; each must be unique.`);
    }
    seen.set(key, index);
  });
}

/** Where TypeBox's own words say little: a slug's regular expression, an enum, alternatives, a union (described by its branches' fields). */
function describe({ type, schema }: ValueError): string | undefined {
  if (type === ValueErrorType.ObjectRequiredProperty) return 'Required, but missing';
  if (schema['pattern'] === SLUG_PATTERN) return 'Expected 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit';
  const values = schema['enum'] as unknown[] | undefined;
  if (values) return `Expected one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
  // An object of alternatives (a hook's retry: a preset or a schedule) takes exactly one of its fields.
  if (schema['maxProperties'] === 1 && schema['properties']) {
    return `Expected exactly one of ${Object.keys(schema['properties'] as object).join(', ')}`;
  }
  const branches = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!branches?.every((branch) => branch['properties'])) return undefined;
  const shapes = branches.map((branch) => `{${Object.keys(branch['properties'] as object).join(', ')}}`);
  return `Expected one of ${shapes.join(' or ')}`;
}

import type { Diagnostic, MessageInterface, Parser } from '@asyncapi/parser';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { HttpError } from '../../errors.js';
import type { CustomEventType } from '../custom.js';
import { sampleOf } from './sample.js';
import { cleanSchema, isSchemaObject, plainData } from './schema.js';

/** What an AsyncAPI document contributes to a provider. */
export interface AsyncApiProvider {
  title: string;
  description: string;
  eventTypes: CustomEventType[];
}

// Built on first use: it loads the AsyncAPI rulesets, which most sessions never need.
let parser: Parser | undefined;

/**
 * Reads an AsyncAPI 2.x or 3.x document (YAML or JSON): each message becomes an event type
 * with its payload schema and its first example (or a sample generated from the schema).
 * Only references inside the document are followed: the parser would otherwise read files
 * and URLs the document names, from the server's disk and network.
 */
export async function readAsyncApi(text: string): Promise<AsyncApiProvider> {
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const [syntax] = yaml.errors;
  if (syntax) throw invalid(`The document is neither YAML nor JSON: ${syntax.message}`);
  const tree: unknown = yaml.toJS({ maxAliasCount: 1000 });
  const version = isSchemaObject(tree) ? tree['asyncapi'] : undefined;
  if (!isSchemaObject(tree) || typeof version !== 'string' || !/^[23]\./.test(version)) {
    throw invalid('This is not an AsyncAPI 2.x or 3.x document: it needs an "asyncapi" field such as "2.6.0" or "3.0.0".');
  }
  const external = externalRefs(tree, []).slice(0, 3);
  if (external.length > 0) {
    const list = external.map(({ path, ref }) => `${path.join('.')}: ${ref}`).join('; ');
    throw invalid(`The document refers to other files or URLs, which Hookbench does not fetch (${list}). Inline them under "components".`);
  }

  // The parser is large (half a second to load): it is loaded on the first import, not at start.
  const { Parser: AsyncApiParser, DiagnosticSeverity } = await import('@asyncapi/parser');
  parser ??= new AsyncApiParser();
  const { document, diagnostics } = await parser.parse({ ...tree, asyncapi: version });
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error);
  if (!document || errors.length > 0) {
    const shown = errors.slice(0, 5).map((diagnostic) => describe(diagnostic, yaml, lines));
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
    throw invalid(`The AsyncAPI document is not valid: ${shown.join('; ') || 'the parser gave no reason'}${more}.`);
  }

  const eventTypes = messageTypes(document.allMessages().all());
  if (eventTypes.length === 0) throw invalid('The AsyncAPI document has no messages, so there is no event to fire.');
  const info = document.info();
  // Names fit what a workspace file takes (1 to 200 characters), so an export imports again.
  const title = info.title().slice(0, 200) || 'AsyncAPI';
  const summary = `Imported from AsyncAPI ${version} "${title}" ${info.version()}; delivered as {type, timestamp, data} signed with Standard Webhooks.`;
  return { title, description: [summary, info.description() ?? ''].join(' ').trim().slice(0, 4000), eventTypes };
}

function messageTypes(messages: MessageInterface[]): CustomEventType[] {
  const seen = new Set<unknown>();
  const types: CustomEventType[] = [];
  for (const message of messages) {
    // A message referenced from a channel and listed under components is one message.
    if (seen.has(message.json())) continue;
    seen.add(message.json());
    const type = uniqueId(typeIdOf(message), new Set(types.map((each) => each.type)));
    const schema = message.hasPayload() ? cleanSchema(message.payload()?.json()) : {};
    const example = message
      .examples()
      .all()
      .find((each) => each.hasPayload());
    const description = [message.summary(), message.description()].filter(Boolean).join('\n\n');
    types.push({
      type,
      name: (message.title() || message.name() || type).slice(0, 200),
      description: description.slice(0, 4000),
      schema,
      sample: example ? plainData(example.payload()) : sampleOf(schema),
    });
  }
  return types;
}

/** The message's name or id, else its operation's id, else its channel: whatever names it first. */
function typeIdOf(message: MessageInterface): string {
  const [operation] = message.operations().all();
  const [channel] = message.channels().all();
  const candidates = [message.name(), message.id(), operation?.id(), channel?.address() ?? channel?.id()];
  // The parser names anonymous things `<anonymous-message-1>`: not a name a person would pick.
  const named = candidates.find((candidate) => candidate && !candidate.includes('<anonymous')) ?? 'message';
  // Type ids follow the generic catalog's rule (they appear in URLs and hooks' event lists).
  return (
    named
      .replace(/[^A-Za-z0-9_.:-]+/g, '.')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 120) || 'message'
  );
}

function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}

/** Every `$ref` that leaves the document, with where it is. */
function externalRefs(value: unknown, path: (string | number)[]): { path: (string | number)[]; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => externalRefs(item, [...path, index]));
  if (!isSchemaObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && !(typeof item === 'string' && item.startsWith('#'))
      ? [{ path, ref: String(item) }]
      : externalRefs(item, [...path, key]),
  );
}

/** One parser problem, where it is in the document (path and line) and what is wrong. */
function describe(diagnostic: Diagnostic, yaml: Document, lines: LineCounter): string {
  const path = diagnostic.path.map(String);
  let line: number | undefined;
  // A missing field has no node: the nearest enclosing one gives the line.
  for (let depth = path.length; depth > 0 && line === undefined; depth--) {
    const offset = offsetOf(yaml, path.slice(0, depth));
    if (offset !== undefined) line = lines.linePos(offset).line;
  }
  const where = path.length > 0 ? `at ${path.join('.')}${line === undefined ? '' : ` (line ${line})`}` : 'at the top level';
  return `${where}: ${diagnostic.message}`;
}

/** Where a path starts in the text: its key in a mapping (the line people look for), or its list item. */
function offsetOf(yaml: Document, path: string[]): number | undefined {
  const parent = path.length === 1 ? yaml.contents : yaml.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last);
    return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  }
  if (isSeq(parent)) {
    const item = parent.items[Number(last)];
    return isScalar(item) || isMap(item) || isSeq(item) ? item.range?.[0] : undefined;
  }
  return undefined;
}

function invalid(message: string): HttpError {
  return new HttpError(400, 'invalid_asyncapi', message, 'document');
}

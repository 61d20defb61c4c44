import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { FS, Liquid, Template } from 'liquidjs';
import type { InboxResponse, InboxRule, InboxScript } from '../../shared/answers.js';
import { HEADER_NAME_PATTERN } from '../../shared/schema-kinds.js';
import { HttpError } from '../errors.js';
import type { RequestView } from './request.js';
import { redactSecrets, secretScope, secretValue, type StoredSecrets } from './secrets.js';

/** The longest rendered body (bytes); a render past it is a template error, not a huge answer. */
export const RENDERED_BODY_LIMIT = 4 * 1024 * 1024;
/** How long rendering one answer (status, headers and body together) may take, in ms. */
const RENDER_BUDGET_MS = 200;

/** Templates read nothing from disk: include, render and layout are removed, and this refuses anyway. */
const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => Promise.reject(new Error(`templates cannot read files (${file})`)),
  readFileSync: (file) => {
    throw new Error(`templates cannot read files (${file})`);
  },
  resolve: (_dir, file) => file,
};

let liquid: Liquid | undefined;

/**
 * The one Liquid engine for inbox answers. Liquid has no way to run code: templates read the
 * data they are given (own properties only) and call the registered filters. Rendering is
 * bounded in time and memory, so a template like a loop over a million items fails with a
 * template error instead of stalling the ingress. It is loaded when a template is first parsed,
 * not at start: most inboxes never use one.
 */
function engine(): Liquid {
  if (liquid) return liquid;
  const { Liquid } = createRequire(import.meta.url)('liquidjs') as typeof import('liquidjs');
  liquid = new Liquid({
    fs: noFiles,
    relativeReference: false,
    ownPropertyOnly: true,
    strictFilters: true,
    parseLimit: 2 * 1024 * 1024,
    renderLimit: RENDER_BUDGET_MS,
    memoryLimit: 16 * 1024 * 1024,
  });
  for (const tag of ['include', 'render', 'layout']) delete liquid.tags[tag];
  liquid.registerFilter('hmac_sha256_hex', (value: unknown, secret: unknown) => hmac(value, secret).digest('hex'));
  liquid.registerFilter('hmac_sha256_base64', (value: unknown, secret: unknown) => hmac(value, secret).digest('base64'));
  return liquid;
}

function hmac(value: unknown, secret: unknown) {
  if (secret === undefined || secret === null) throw new Error('hmac_sha256 needs a secret: {{ value | hmac_sha256_hex: secrets.<name> }}');
  return createHmac('sha256', secretValue(secret)).update(String(value ?? ''));
}

interface CompiledResponse {
  status?: Template[];
  headers: [string, Template[]][];
  body: Template[];
}

/** Each templated response parsed once; a saved inbox gets new response objects, so this never goes stale. */
const compiled = new WeakMap<InboxResponse, CompiledResponse>();

/** A template that does not parse: which field, and why. */
class TemplateSyntaxError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

function compile(response: InboxResponse): CompiledResponse {
  let templates = compiled.get(response);
  if (!templates) {
    const parse = (text: string, field: string) => {
      try {
        return engine().parse(text);
      } catch (error) {
        throw new TemplateSyntaxError(field, (error as Error).message);
      }
    };
    templates = {
      ...(response.statusTemplate ? { status: parse(response.statusTemplate, 'statusTemplate') } : {}),
      headers: Object.entries(response.headers).map(([name, value]) => [name, parse(value, `headers.${name}`)]),
      body: parse(response.body, 'body'),
    };
    compiled.set(response, templates);
  }
  return templates;
}

const headerName = new RegExp(HEADER_NAME_PATTERN);

/**
 * Refuses a templated response whose templates do not parse, or read a secret the inbox does
 * not have, naming the field (`rules.2.response.body`).
 */
function checkTemplates(response: InboxResponse, field: string, secrets: StoredSecrets | undefined): void {
  if (!response.templated) return;
  let templates: CompiledResponse;
  try {
    templates = compile(response);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    throw new HttpError(400, 'invalid_template', `${field}.${error.message}`, `${field}.${error.field}`);
  }
  const parts: [string, Template[] | undefined][] = [
    ['statusTemplate', templates.status],
    ...templates.headers.map(([name, template]): [string, Template[]] => [`headers.${name}`, template]),
    ['body', templates.body],
  ];
  for (const [part, template] of parts) {
    const problem = template && secretProblem(template, secrets);
    if (problem) throw new HttpError(400, 'invalid_template', `${field}.${part}: ${problem}`, `${field}.${part}`);
  }
}

/**
 * A template reads secrets only as `secrets.<name>` with a name the inbox has: never the whole
 * object (`secrets | json`, a loop) or a name computed from the request, which would let a
 * sender pick which secret comes back.
 */
function secretProblem(template: Template[], secrets: StoredSecrets | undefined): string | undefined {
  for (const segments of engine().globalVariableSegmentsSync(template, { partials: false })) {
    if (segments[0] !== 'secrets') continue;
    const name = segments[1];
    if (typeof name !== 'string') return 'read a secret by its name, as secrets.<name> (the secrets object itself cannot be used).';
    if (!secrets || !Object.hasOwn(secrets, name)) {
      return `there is no secret "${name}" in this inbox; add it under Secrets, or correct the name.`;
    }
  }
  return undefined;
}

/**
 * A response as stored: `templated` only when true, `statusTemplate` only with it and not blank,
 * so a plain response keeps the shape it always had (and switching templates off sticks).
 */
export function storedResponse(response: InboxResponse): InboxResponse {
  const { templated, statusTemplate, ...plain } = response;
  if (!templated) return plain;
  return { ...plain, templated, ...(statusTemplate?.trim() ? { statusTemplate } : {}) };
}

/** Every template an inbox can answer with parses and names only its secrets, or the save is refused naming the field. */
export function checkAnswers(
  response: InboxResponse,
  script: InboxScript | null | undefined,
  rules: InboxRule[] | undefined,
  secrets: StoredSecrets | undefined,
): void {
  const check = (answer: InboxResponse, field: string) => {
    checkHeaders(answer, field);
    checkTemplates(answer, field, secrets);
  };
  check(response, 'response');
  script?.steps.forEach((step, index) => check(step, `script.steps.${index}`));
  rules?.forEach((rule, index) => check(rule.response, `rules.${index}.response`));
}

/** What Node refuses in a header value: control characters (tab aside) and anything past U+00FF. */
const UNSENDABLE_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const UNSENDABLE_REASON = 'a line break, another control character or a character past U+00FF (such as €)';

/** Header names must be tokens and plain values sendable as they are, or no answer could be sent. */
function checkHeaders(response: InboxResponse, field: string): void {
  for (const [name, value] of Object.entries(response.headers)) {
    if (!headerName.test(name)) {
      throw new HttpError(400, 'invalid_header', `${field}.headers: "${name}" is not a legal HTTP header name.`, `${field}.headers`);
    }
    if (!response.templated && UNSENDABLE_IN_VALUE.test(value)) {
      throw new HttpError(
        400,
        'invalid_header',
        `${field}.headers: the value of "${name}" holds ${UNSENDABLE_REASON}.`,
        `${field}.headers`,
      );
    }
  }
}

export interface RenderedResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

/**
 * A templated response rendered for one request, or what failed and where (`field` is where the
 * response lives, e.g. `rules.0.response`). Never throws: a bad template answers 500, it does not
 * break the ingress.
 */
export function renderResponse(
  response: InboxResponse,
  request: RequestView,
  field: string,
  secrets: StoredSecrets | undefined,
): RenderedResponse | { error: string } {
  let step = 'body';
  try {
    const templates = compile(response);
    const now = new Date();
    const scope = {
      request: request.templateContext(),
      now: now.toISOString(),
      now_unix: Math.floor(now.getTime() / 1000),
      random_id: randomUUID(),
      secrets: secretScope(secrets),
    };
    // One time budget for the whole answer, however many of its parts are templates.
    const deadline = performance.now() + RENDER_BUDGET_MS;
    const render = (template: Template[]) =>
      String(engine().renderSync(template, scope, { renderLimit: Math.max(1, deadline - performance.now()) }));
    let status = response.status;
    if (templates.status) {
      step = 'statusTemplate';
      const text = render(templates.status).trim();
      status = Number(text);
      if (!/^\d{3}$/.test(text) || status < 200 || status > 599) {
        const shown = text.length <= 20 ? `"${redactSecrets(text, secrets)}"` : `${text.length} characters`;
        throw new Error(`rendered ${shown}, not a status from 200 to 599`);
      }
    }
    const headers: [string, string][] = [];
    for (const [name, template] of templates.headers) {
      step = `headers.${name}`;
      const value = render(template);
      // Node refuses these characters in a header value; say so instead of failing the answer.
      if (UNSENDABLE_IN_VALUE.test(value)) throw new Error(`rendered a value with ${UNSENDABLE_REASON}`);
      headers.push([name, value]);
    }
    step = 'body';
    const body = render(templates.body);
    if (Buffer.byteLength(body) > RENDERED_BODY_LIMIT) throw new Error(`rendered more than ${RENDERED_BODY_LIMIT} bytes`);
    return { status, headers, body };
  } catch (error) {
    const where = error instanceof TemplateSyntaxError ? error.message : `${step}: ${(error as Error).message}`;
    return { error: redactSecrets(`${field}.${where}`, secrets) };
  }
}

/**
 * The request bodies of ChallengeMe's registration API, checked the way its Joi schemas check
 * them, first problem only and worded as Joi words it, since a client may show or match the
 * message. The real server answers these with 400 `{success: false, message}`.
 */

type Rule = { kind: 'uri' | 'text' | 'events'; required: boolean };

const uri = (required = true) => ({ kind: 'uri', required }) as const;
const text = (required = true) => ({ kind: 'text', required }) as const;
const events = () => ({ kind: 'events', required: true }) as const;

export const BODIES = {
  registration: { webhookUrl: uri(), events: events(), authorizationToken: text(false) },
  authorization: { webhookUrl: uri(), authorizationToken: text() },
  url: { oldWebhookUrl: uri(), newWebhookUrl: uri() },
  logout: { webhookUrl: uri(), events: events() },
} satisfies Record<string, Record<string, Rule>>;

export type BodyOf<Rules extends Record<string, Rule>> = {
  [Key in keyof Rules]: Rules[Key] extends { kind: 'events' } ? string[] : string;
};

const EVENT_NAME = /^[a-zA-Z\s]*$/;

/** The body with its checked fields, or the Joi message of its first problem. */
export function checkBody<Rules extends Record<string, Rule>>(raw: unknown, rules: Rules): { body: BodyOf<Rules> } | { problem: string } {
  // Express hands a missing body over as {}.
  const body = raw ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) return { problem: '"value" must be of type object' };
  const fields = body as Record<string, unknown>;
  for (const [key, rule] of Object.entries(rules)) {
    const problem = fieldProblem(key, fields[key], rule);
    if (problem) return { problem };
  }
  // The server writes the path's team id into the body as `externalId` before checking it.
  // Own keys only: `in` would take `constructor` or `toString` for allowed fields.
  const unknown = Object.keys(fields).find((key) => !Object.hasOwn(rules, key) && key !== 'externalId');
  if (unknown !== undefined) return { problem: `"${unknown}" is not allowed` };
  return { body: fields as BodyOf<Rules> };
}

function fieldProblem(key: string, value: unknown, rule: Rule): string | undefined {
  if (value === undefined) return rule.required ? `"${key}" is required` : undefined;
  if (rule.kind !== 'events') {
    const problem = textProblem(key, value);
    if (problem) return problem;
    if (rule.kind === 'uri' && !isUri(value as string)) return `"${key}" must be a valid uri`;
    return undefined;
  }
  if (!Array.isArray(value)) return `"${key}" must be an array`;
  for (const [index, item] of value.entries()) {
    const label = `${key}[${index}]`;
    const problem = textProblem(label, item);
    if (problem) return problem;
    if (!EVENT_NAME.test(item as string)) {
      return `"${label}" with value "${String(item)}" fails to match the required pattern: /^[a-zA-Z\\s]*$/`;
    }
  }
  return value.length < 1 ? `"${key}" must contain at least 1 items` : undefined;
}

function textProblem(label: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `"${label}" must be a string`;
  if (value === '') return `"${label}" is not allowed to be empty`;
  return undefined;
}

/** Joi's `uri()`: a scheme, then anything a URL parser accepts, no spaces. */
function isUri(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/.test(value) && URL.canParse(value);
}

import type { HeaderPairs } from '../../shared/schemas.js';
import { isFormType, parseJsonBody, queryPairs } from '../capture/views.js';

/** What a template sees as `request`: plain data, nothing callable, nothing from a prototype. */
export interface TemplateRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  queryAll: Record<string, string[]>;
  headers: Record<string, string>;
  body: string;
  json: unknown;
  form: Record<string, string>;
}

/**
 * One captured request as rules and templates read it. Creating it only keeps references:
 * the query, the JSON body and the form are parsed the first time something asks for them,
 * so an inbox whose rules never look at the body never pays for parsing it.
 */
export class RequestView {
  private queryPairs: [string, string][] | undefined;
  private parsedJson: { value: unknown } | undefined;
  private text: string | undefined;
  private context: TemplateRequest | undefined;

  constructor(
    readonly method: string,
    /** The whole path, as received (/in/<slug>/...). */
    private readonly fullPath: string,
    /** Where the part after /in/<slug> starts in it. */
    private readonly pathStart: number,
    private readonly search: string,
    private readonly headerPairs: HeaderPairs,
    private readonly body: Buffer,
    private readonly contentType: string | null,
  ) {}

  /** The path after /in/<slug>, as received; `/` for the inbox itself. */
  get path(): string {
    return this.fullPath.slice(this.pathStart) || '/';
  }

  /** Every value of a header, by case-insensitive name, in received order. */
  headerValues(name: string): string[] {
    const wanted = name.toLowerCase();
    return this.headerPairs.filter(([candidate]) => candidate.toLowerCase() === wanted).map(([, value]) => value);
  }

  /** Every value of a query parameter (decoded), in order. */
  queryValues(name: string): string[] {
    return this.query()
      .filter(([candidate]) => candidate === name)
      .map(([, value]) => value);
  }

  /** The body parsed as JSON whatever its content type says, or undefined when it is not JSON. */
  json(): unknown {
    if (!this.parsedJson) {
      const json = parseJsonBody(this.body, this.contentType, { anyType: true });
      this.parsedJson = { value: json.ok ? json.value : undefined };
    }
    return this.parsedJson.value;
  }

  /** The body as UTF-8 text, decoded once. */
  bodyText(): string {
    return (this.text ??= this.body.toString('utf8'));
  }

  /** What templates read as `request`; built once per request, its costly parts on first use. */
  templateContext(): TemplateRequest {
    if (this.context) return this.context;
    // Getters are own properties, so the engine (own properties only) reads them, lazily.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const view = this;
    let query: Record<string, string> | undefined;
    let queryAll: Record<string, string[]> | undefined;
    let headers: Record<string, string> | undefined;
    let form: Record<string, string> | undefined;
    this.context = {
      method: this.method,
      path: this.path,
      get query() {
        return (query ??= firstValues(view.query()));
      },
      get queryAll() {
        return (queryAll ??= allValues(view.query()));
      },
      get headers() {
        return (headers ??= firstValues(view.headerPairs.map(([name, value]) => [name.toLowerCase(), value])));
      },
      get body() {
        return view.bodyText();
      },
      get json() {
        // nil in Liquid when the body is not JSON.
        return view.json() ?? null;
      },
      get form() {
        return (form ??= firstValues(isFormType(view.contentType) ? queryPairs(view.bodyText()) : []));
      },
    };
    return this.context;
  }

  private query(): [string, string][] {
    return (this.queryPairs ??= queryPairs(this.search));
  }
}

/** Name → first value. A null prototype, so a name like `__proto__` is just a name. */
function firstValues(pairs: [string, string][]): Record<string, string> {
  const values = Object.create(null) as Record<string, string>;
  for (const [name, value] of pairs) if (!Object.hasOwn(values, name)) values[name] = value;
  return values;
}

function allValues(pairs: [string, string][]): Record<string, string[]> {
  const values = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of pairs) (values[name] ??= []).push(value);
  return values;
}

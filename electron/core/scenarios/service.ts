import type { Hook } from '../../shared/hooks.js';
import type { Scenario, ScenarioInput, ScenarioRunRequest, ScenarioRunResult, ScenarioUpdate } from '../../shared/scenarios.js';
import { HttpError, notFound } from '../errors.js';
import type { FiringService } from '../firing/service.js';
import { hookDisabled, type HookService } from '../hooks/service.js';
import { newId } from '../ids.js';
import type { Catalog, CatalogEventType } from '../providers/catalog.js';
import type { ProviderDefinition } from '../providers/types.js';
import { assertMatches } from '../providers/validation.js';
import type { StateStore } from '../store/state.js';
import { BUILT_IN_SCENARIOS } from './builtin.js';
import { generate, GENERATORS, isGenerator } from './generators.js';
import { render, setPointer, TemplateError, type Vars } from './template.js';

type ScenarioState = Pick<StateStore, 'scenarios' | 'update'>;

/**
 * Who one rendering of a scenario goes to. Hooks in different scopes (two Khan games) each
 * get their own rendering, with `scope` set to theirs, so every payload lands in its hook's scope.
 */
interface Group {
  scope: string | undefined;
  options: Record<string, unknown> | undefined;
  /** The targets of one step; undefined skips the step for this group. */
  targets(type: string): { url: string } | { hookIds: string[] } | Record<string, never> | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Built-in and user scenarios: saved in the state document, fired step by step through FiringService. */
export class ScenarioService {
  constructor(
    private readonly state: ScenarioState,
    private readonly catalog: Catalog,
    private readonly hooks: HookService,
    private readonly firing: FiringService,
  ) {}

  list(): Scenario[] {
    return [...BUILT_IN_SCENARIOS.map((s) => ({ ...s, builtIn: true })), ...this.state.scenarios().map((s) => ({ ...s, builtIn: false }))];
  }

  get(id: string): Scenario {
    const found = this.list().find((scenario) => scenario.id === id);
    if (!found) throw notFound('scenario', id);
    return found;
  }

  async create(input: ScenarioInput): Promise<Scenario> {
    if (this.list().some((scenario) => scenario.id === input.id)) {
      throw new HttpError(
        409,
        'scenario_exists',
        `A scenario "${input.id}" exists already; change it with PUT /api/scenarios/${input.id}.`,
        'id',
      );
    }
    this.check(input);
    await this.state.update((state) => {
      state.scenarios = [...state.scenarios, input];
    });
    return { ...input, builtIn: false };
  }

  async update(id: string, update: ScenarioUpdate): Promise<Scenario> {
    this.assertUserScenario(id);
    const scenario = { id, ...update };
    this.check(scenario);
    await this.state.update((state) => {
      state.scenarios = state.scenarios.map((existing) => (existing.id === id ? scenario : existing));
    });
    return { ...scenario, builtIn: false };
  }

  async remove(id: string): Promise<void> {
    this.assertUserScenario(id);
    await this.state.update((state) => {
      state.scenarios = state.scenarios.filter((existing) => existing.id !== id);
    });
  }

  /** Fires the steps in order, waiting each step's delayMs; answers once the last one is stored. */
  async run(id: string, request: ScenarioRunRequest): Promise<ScenarioRunResult> {
    const scenario = this.get(id);
    const provider = this.catalog.provider(scenario.provider);
    const types = scenario.steps.map((step) => this.catalog.eventType(provider.id, step.type));
    const renderings = this.groups(provider, types, request).map((group) => ({ group, vars: this.vars(scenario, provider, types, group) }));
    const result: ScenarioRunResult = { runId: newId('run'), scenarioId: scenario.id, events: [], deliveries: [] };
    for (const [index, step] of scenario.steps.entries()) {
      if (step.delayMs) await sleep(step.delayMs);
      for (const { group, vars } of renderings) {
        const targets = group.targets(types[index]!.type);
        if (!targets) continue;
        const payload = this.payload(scenario, index, types[index]!, vars, group);
        const fired = await this.firing.fire({ provider: provider.id, type: step.type, payload, validate: scenario.validate, ...targets });
        result.events.push(fired.event);
        result.deliveries.push(...fired.deliveries);
      }
    }
    return result;
  }

  /** Refuses a scenario that cannot run: unknown provider, type or generator, a broken template, a bad payload. */
  private check(scenario: ScenarioInput): void {
    const provider = this.catalog.provider(scenario.provider);
    for (const [name, generator] of Object.entries(scenario.vars ?? {})) {
      if (!isGenerator(generator)) {
        throw new HttpError(
          400,
          'unknown_generator',
          `No generator "${generator}"; known: ${Object.keys(GENERATORS).join(', ')}.`,
          `vars.${name}`,
        );
      }
    }
    const types = scenario.steps.map((step, index) => this.catalog.eventType(provider.id, step.type, `steps.${index}.type`));
    const group: Group = { scope: undefined, options: undefined, targets: () => ({}) };
    const vars = this.vars(scenario, provider, types, group);
    scenario.steps.forEach((step, index) => {
      if ((step.payload === undefined) === (step.base === undefined)) {
        throw new HttpError(
          400,
          'invalid_scenario',
          `Step ${index + 1} needs a payload or "base": "sample" (one of them).`,
          `steps.${index}.payload`,
        );
      }
      this.payload(scenario, index, types[index]!, vars, group);
    });
  }

  /** One step's payload: the template or a fresh sample, then each `set`, validated unless the scenario says not to. */
  private payload(scenario: ScenarioInput, index: number, eventType: CatalogEventType, vars: Vars, group: Group): unknown {
    const step = scenario.steps[index]!;
    const field = `steps.${index}`;
    let payload: unknown;
    let where = 'payload';
    try {
      const scope = group.scope ?? stringVar(vars, 'scope');
      payload = step.base === 'sample' ? eventType.sample({ scope, options: group.options }) : render(step.payload, vars);
      where = 'set';
      for (const [pointer, template] of Object.entries(step.set ?? {}))
        payload = setPointer(payload, pointer, render(template, vars, pointer));
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      throw new HttpError(
        400,
        'invalid_template',
        `Step ${index + 1} (${step.type}) at "${error.pointer || '/'}": ${error.message}`,
        `${field}.${where}`,
      );
    }
    if (scenario.validate !== false) {
      try {
        assertMatches(eventType.schema, payload, `${scenario.provider} ${eventType.type}`);
      } catch (error) {
        if (error instanceof HttpError)
          throw new HttpError(400, error.code, `Step ${index + 1}: ${error.message}`, `${field}.${error.field}`);
        throw error;
      }
    }
    return payload;
  }

  /** The run's variables; `scope` is the target hooks' scope, else the scenario's own, else one a fresh sample names. */
  private vars(scenario: ScenarioInput, provider: ProviderDefinition, types: CatalogEventType[], group: Group): Vars {
    const vars = generate(scenario.vars ?? {});
    if (provider.scope) {
      const scope = group.scope ?? stringVar(vars, 'scope') ?? provider.scope.ofPayload(types[0]!.sample({ options: group.options }));
      if (scope !== undefined) vars['scope'] = scope;
    }
    return vars;
  }

  private groups(provider: ProviderDefinition, types: CatalogEventType[], request: ScenarioRunRequest): Group[] {
    if (request.url !== undefined) {
      if (request.hookIds) throw new HttpError(400, 'invalid_request', 'Give either hookIds or url, not both.', 'url');
      return [{ scope: undefined, options: undefined, targets: () => ({ url: request.url! }) }];
    }
    if (request.hookIds) {
      const chosen = request.hookIds.map((id) => {
        const hook = this.hooks.find(id);
        if (!hook) throw new HttpError(400, 'unknown_hook', `No hook with id "${id}".`, 'hookIds');
        if (hook.provider !== provider.id) {
          throw new HttpError(400, 'provider_mismatch', `Hook "${id}" is a ${hook.provider} hook, not ${provider.id}.`, 'hookIds');
        }
        // Refused before the first step, so a run never stops half-way for it.
        if (!hook.enabled) throw hookDisabled(hook, 'hookIds');
        return hook;
      });
      // Hooks named explicitly get every step, as fire with hookIds does; one disabled during the
      // run (a 410, a provider's failure rule) gets no more of them.
      const enabled = (hooks: Hook[]) => hooks.filter((hook) => this.hooks.find(hook.id)?.enabled).map((hook) => hook.id);
      return this.byScope(provider, chosen).map((hooks) => this.group(provider, hooks, () => enabled(hooks)));
    }
    const subscribed = new Map<string, Hook>();
    for (const type of types) for (const hook of this.hooks.subscribers(provider.id, type.type)) subscribed.set(hook.id, hook);
    // Nobody subscribes: the events are still recorded, with no deliveries, as fire does.
    if (subscribed.size === 0) return [{ scope: undefined, options: undefined, targets: () => ({}) }];
    return this.byScope(provider, [...subscribed.values()]).map((hooks) =>
      this.group(provider, hooks, (type) => {
        const ids = new Set(this.hooks.subscribers(provider.id, type).map((hook) => hook.id));
        return hooks.filter((hook) => ids.has(hook.id)).map((hook) => hook.id);
      }),
    );
  }

  private group(provider: ProviderDefinition, hooks: Hook[], ids: (type: string) => string[]): Group {
    return {
      scope: scopeOf(provider, hooks[0]!),
      options: hooks[0]!.providerOptions,
      targets: (type) => {
        const hookIds = ids(type);
        return hookIds.length > 0 ? { hookIds } : undefined;
      },
    };
  }

  private byScope(provider: ProviderDefinition, hooks: Hook[]): Hook[][] {
    const groups = new Map<string, Hook[]>();
    for (const hook of hooks) {
      // A provider without scopes sends every hook one rendering; a hook without a scope gets its own.
      const key = provider.scope ? (scopeOf(provider, hook) ?? `hook:${hook.id}`) : '';
      groups.set(key, [...(groups.get(key) ?? []), hook]);
    }
    return [...groups.values()];
  }

  private assertUserScenario(id: string): void {
    if (BUILT_IN_SCENARIOS.some((scenario) => scenario.id === id)) {
      throw new HttpError(400, 'built_in_scenario', `"${id}" is built in and cannot be changed; save a copy under another id.`, 'id');
    }
    if (!this.state.scenarios().some((scenario) => scenario.id === id)) throw notFound('scenario', id);
  }
}

function scopeOf(provider: ProviderDefinition, hook: Hook): string | undefined {
  const value = provider.scope ? hook.providerOptions[provider.scope.option] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringVar(vars: Vars, name: string): string | undefined {
  const value = vars[name];
  return typeof value === 'string' ? value : undefined;
}

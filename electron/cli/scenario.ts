import type { Delivery } from '../shared/hooks.js';
import type { Scenario, ScenarioRunResult } from '../shared/scenarios.js';
import { ControlClient } from './client.js';
import { firstOutcome, type DeliveryLine } from './fire.js';
import { parse, serverTarget, UsageError, type ServerTarget } from './options.js';

export const SCENARIO_HELP = `Usage: hookbench scenarios [--server URL] [--json]
       hookbench scenario <id> [--to URL] [--server URL] [--json]

scenarios: lists the built-in and saved scenarios.
scenario: runs one through the running server: its steps fire in order to every
subscribed hook (or --to URL only); prints each delivery's status; exits 1 if any failed.`;

export type ScenarioCommand =
  | { action: 'list'; server: ServerTarget; json: boolean }
  | { action: 'run'; id: string; to: string | undefined; server: ServerTarget; json: boolean };

const flags = { server: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' }, to: { type: 'string' } } as const;

/** `scenario ...` or `scenarios ...` (argv without the command); undefined asks for the help. */
export function parseScenario(command: 'scenario' | 'scenarios', args: string[], env: NodeJS.ProcessEnv): ScenarioCommand | undefined {
  const { values, positionals } = parse(args, flags);
  if (values.help) return undefined;
  const server = serverTarget(values, env);
  const json = values.json ?? false;
  if (command === 'scenarios') {
    if (positionals.length > 0 || values.to) throw new UsageError('"scenarios" takes no arguments; run one with "scenario <id>".');
    return { action: 'list', server, json };
  }
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0)
    throw new UsageError('scenario takes one scenario id, e.g. "scenario kazoo-call"; list them with "scenarios".');
  return { action: 'run', id, to: values.to, server, json };
}

/** How long a run waits for first attempts after the last step went out (as fire). */
const SETTLE_MS = 130_000;

export async function runScenario(command: ScenarioCommand): Promise<number> {
  const client = await ControlClient.connect(command.server);
  try {
    if (command.action === 'list') return await list(client, command.json);
    return await run(client, command.id, command.to, command.json);
  } finally {
    await client.close();
  }
}

async function list(client: ControlClient, json: boolean): Promise<number> {
  const { items: scenarios } = await client.request<{ items: Scenario[] }>('GET', '/api/scenarios');
  if (json) console.log(JSON.stringify(scenarios, null, 2));
  for (const scenario of json ? [] : scenarios) {
    const steps = scenario.steps.map((step) => step.type).join(' → ');
    console.log(
      `${scenario.id}${scenario.builtIn ? '' : ' (saved)'}  ${scenario.name}\n    ${scenario.description}\n    ${scenario.provider}: ${steps}`,
    );
  }
  return 0;
}

async function run(client: ControlClient, id: string, to: string | undefined, json: boolean): Promise<number> {
  const outcomes = new Map<string, DeliveryLine>();
  const updates = new Map<string, Delivery>();
  let notify = () => {};
  // The stream opens before the run, so no outcome is missed; outcomes seen early are kept.
  const stop = await client.stream((event) => {
    if (event.type !== 'delivery.updated') return;
    updates.set(event.data.id, event.data);
    notify();
  });
  try {
    const result = await client.request<ScenarioRunResult>('POST', `/api/scenarios/${encodeURIComponent(id)}/run`, to ? { url: to } : {});
    if (!json)
      console.error(`Run ${result.runId}: ${result.events.map((event) => event.type).join(', ')}; ${result.deliveries.length} deliveries.`);
    const pending = new Set(result.deliveries.map((delivery) => delivery.id));
    const collect = () => {
      for (const deliveryId of pending) {
        const update = updates.get(deliveryId);
        const line = update && firstOutcome(update);
        if (line) {
          pending.delete(deliveryId);
          outcomes.set(deliveryId, line);
        }
      }
    };
    collect();
    if (pending.size > 0) {
      await new Promise<void>((resolve) => {
        notify = () => {
          collect();
          if (pending.size === 0) resolve();
        };
        setTimeout(resolve, SETTLE_MS).unref();
      });
    }
    // Printed in the order the steps fired, not the order the answers came back.
    for (const delivery of result.deliveries) {
      const line = outcomes.get(delivery.id);
      if (!line) continue;
      if (json) console.log(JSON.stringify(line));
      else
        console.log(
          `${line.deliveryId}  ${line.httpStatus !== undefined ? `${line.status} ${line.httpStatus}` : `${line.status} (${line.error})`}  ${line.durationMs} ms  ${line.url}`,
        );
    }
    if (pending.size > 0) console.error(`${pending.size} deliveries are still under way; follow them in the workbench.`);
    if (result.deliveries.length === 0) console.error('No hook received it: subscribe one to these events, or pass --to URL.');
    return [...outcomes.values()].some((line) => line.status !== 'succeeded') || result.deliveries.length === 0 ? 1 : 0;
  } finally {
    stop();
  }
}

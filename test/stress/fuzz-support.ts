/** Shared knobs of the fuzz suites: a fixed seed so a failure reproduces, and more runs on demand. */

/** How many cases a property gets: `fast` in `npm test`, ten times that under `npm run fuzz`, or FUZZ_RUNS. */
export function fuzzRuns(fast: number): number {
  const asked = Number(process.env['FUZZ_RUNS']);
  if (Number.isInteger(asked) && asked > 0) return asked;
  // npm names the running script; no cross-platform way to set an env var in package.json.
  return process.env['npm_lifecycle_event'] === 'fuzz' ? fast * 10 : fast;
}

/** FUZZ_SEED replays a failure fast-check reported; otherwise one fixed seed. */
export function fuzzSeed(): number {
  const asked = Number(process.env['FUZZ_SEED']);
  return Number.isInteger(asked) ? asked : 20_261_122;
}

const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };

/**
 * Remembers the built-in prototypes' own keys; the returned check lists what was added or replaced since
 * (e.g. `Object.prototype.polluted`) and undoes it, so fast-check's shrinking starts clean
 * and reports the input that did it rather than whatever ran next.
 */
export function prototypeGuard(): () => string[] {
  const before = new Map(
    Object.entries(PROTOTYPES).map(([name, proto]) => [
      name,
      new Map(Reflect.ownKeys(proto).map((key) => [key, Reflect.getOwnPropertyDescriptor(proto, key)!])),
    ]),
  );
  return () => {
    const changed: string[] = [];
    for (const [name, proto] of Object.entries(PROTOTYPES)) {
      const original = before.get(name)!;
      for (const key of Reflect.ownKeys(proto)) {
        const was = original.get(key);
        const now = Reflect.getOwnPropertyDescriptor(proto, key)!;
        if (was && was.value === now.value && was.get === now.get && was.set === now.set) continue;
        changed.push(`${name}.prototype.${String(key)}`);
        if (was) Reflect.defineProperty(proto, key, was);
        else Reflect.deleteProperty(proto, key);
      }
    }
    return changed;
  };
}

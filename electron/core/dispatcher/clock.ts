/** Time as the dispatcher sees it: injectable, so tests need not wait minutes for a retry. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock running `speed` times faster than real time: delays shrink, timestamps stay coherent. */
export function acceleratedClock(speed: number): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * speed,
    setTimeout: (callback, ms) => realClock.setTimeout(callback, ms / speed),
  };
}

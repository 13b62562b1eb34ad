/**
 * A synchronous, in-process announcement: the code where something happens reports it, and whoever
 * cares (the metrics feature) listens. The core reports without knowing who, if anyone, listens.
 */
export interface Signal<T> {
  report(value: T): void;
  listen(listener: (value: T) => void): void;
}

export function createSignal<T>(): Signal<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    report: (value) => {
      for (const listener of listeners) listener(value);
    },
    listen: (listener) => {
      listeners.add(listener);
    },
  };
}

/** Work that was started and may still be running, so that a shutdown can wait for it. */
export interface InFlight {
  /** Counts `task` until it settles; its outcome stays with whoever holds `task`. */
  track(task: Promise<unknown>): void;
  /** Resolves once every task tracked so far has settled, however it ended. */
  settled(): Promise<void>;
}

export function createInFlight(): InFlight {
  const tasks = new Set<Promise<unknown>>();
  return {
    track(task) {
      const done: Promise<unknown> = task.then(
        () => tasks.delete(done),
        () => tasks.delete(done),
      );
      tasks.add(done);
    },
    async settled() {
      await Promise.all(tasks);
    },
  };
}

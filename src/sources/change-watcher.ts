/**
 * Wakes follow mode when something under the inputs may have changed: file-system notifications
 * (`fs.watch`, recursive) where they work, and a polling interval always, because network and
 * overlay file systems (and some container runtimes' log dirs) miss events.
 */
import { watch, statSync, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

export class ChangeWatcher {
  private readonly watchers: FSWatcher[] = [];
  private changed = false;
  private wake: (() => void) | undefined;

  /** Watches each input (a directory recursively, a file through its directory). */
  constructor(inputs: readonly string[]) {
    for (const input of inputs) {
      let dir = input;
      try {
        if (!statSync(input).isDirectory()) dir = dirname(input);
      } catch {
        dir = dirname(input);
      }
      try {
        const w = watch(dir, { recursive: true, persistent: false }, () => this.notify());
        w.on('error', () => w.close()); // the poll still covers it
        this.watchers.push(w);
      } catch {
        // no notifications here (unsupported or gone): polling covers it
      }
    }
  }

  private notify(): void {
    this.changed = true;
    this.wake?.();
  }

  /** Resolves after a change notification, after `ms`, or when `signal` aborts, whichever is first. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.changed || signal.aborted) {
      this.changed = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
    this.changed = false;
  }

  close(): void {
    for (const w of this.watchers) w.close();
  }
}

/**
 * V8 optimizing-compiler settings for an ingest run. Measured on the bench inputs (README "Speed", docs/speed.md):
 * most of the CPU of V8's helper threads is not garbage collection but TurboFan compiling the same
 * hot functions once per isolate (main thread, row worker, encoder, template miner), some of them
 * several times after deopts. Inlining half as much bytecode into each optimized function, and no
 * on-stack replacement (a loop is optimized at the function's next call, not in the middle of a
 * call: every hot loop here sits in a function called per batch, page or segment), cut that compile
 * work by about a third, and the code is no slower on these inputs. Garbage collection itself is
 * 2–4 % of the CPU; the heap defaults are kept.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * The flags, process-wide (V8 flags are global, so worker isolates started later use them too).
 * Node 20's V8 11.3 inlines up to 920 bytes of bytecode into one optimized function and compiles
 * a second, OSR version of functions whose loops run long on their first calls. (Optimizing
 * later, a 4–8 times larger `--interrupt-budget`, also cut compile work but made the row worker,
 * the big file's critical thread, slower.)
 */
export const JIT_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=460', '--no-use-osr'];

let applied = false;

/**
 * Applies {@link JIT_FLAGS} once; call before the run's hot code starts. V8 reads the flags when it
 * next compiles a function, so setting it at run time takes effect (no re-exec, no start-up cost).
 * `LOGLAKE_V8_DEFAULTS=1` keeps V8's defaults (for measuring).
 */
export function tuneJit(): void {
  if (applied) return;
  applied = true;
  if (process.env['LOGLAKE_V8_DEFAULTS'] === '1') return;
  for (const f of JIT_FLAGS) setFlagsFromString(f);
}

/**
 * Makes this thread's first ArrayBuffer transfer now, with a one-byte dummy. V8 compiles typed
 * array and buffer accesses on the assumption that no ArrayBuffer was ever detached in the isolate;
 * the first transfer (postMessage with a transfer list detaches the sender's buffers) breaks that
 * assumption once, and every optimized function relying on it is thrown away and compiled again.
 * In an ingest that first transfer comes with the first commit window, after the hot code was
 * optimized: about 30 functions per thread (main thread, row worker, encoder worker) were
 * discarded there (`node --trace-deopt`: "marking dependent code … code dependencies"). Call at a
 * thread's start, before its hot code runs. Leaves nothing open (structuredClone, no port).
 */
export function expectTransfers(): void {
  const dummy = new ArrayBuffer(1);
  structuredClone(dummy, { transfer: [dummy] });
}

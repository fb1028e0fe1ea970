/** Background work on a timer: run now, then every `intervalMs`, never two passes at once. */
import type { AppContext } from '../context';

/**
 * Runs `pass` now and then every `intervalMs` (skipping a tick while the previous pass is still
 * running), hands each result to `report`, logs a failure as `failed`; returns a stop function.
 */
export function repeat<T>(ctx: AppContext, intervalMs: number, pass: () => Promise<T>, report: (r: T) => void, failed: string): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      report(await pass());
    } catch (err) {
      ctx.log.error({ err }, failed);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

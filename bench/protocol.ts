/** Messages between bench/run.ts and a server child (bench/server-child.ts) over the IPC channel. */
import type { SweepResult } from '../server/jobs/sweep';

export type ChildRequest = { type: 'sweep'; at: number } | { type: 'heap'; gc?: boolean } | { type: 'exit' };

export type ChildReply =
  | { type: 'ready'; port: number }
  | { type: 'swept'; ms: number; result: SweepResult | null }
  /** process.memoryUsage() of the child: how much of its RSS is V8's heap. */
  | { type: 'heap'; usage: NodeJS.MemoryUsage }
  | { type: 'error'; message: string };

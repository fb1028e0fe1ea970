/** Messages between bench/run.ts and a server child (bench/server-child.ts) over the IPC channel. */
import type { SweepResult } from '../server/jobs/sweep';

export type ChildRequest = { type: 'sweep'; at: number } | { type: 'exit' };

export type ChildReply =
  { type: 'ready'; port: number } | { type: 'swept'; ms: number; result: SweepResult | null } | { type: 'error'; message: string };

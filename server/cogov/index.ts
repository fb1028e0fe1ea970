/** Co-governance (共治): activities, the points ledger and the points shop — the domain's public module. */
export { cogovRoutes } from './routes';
export { sweepCogov } from './commands/rewards';
export { seedCogov } from './seed';
export { runCogovSweep, scheduleCogovSweep } from './schedule';

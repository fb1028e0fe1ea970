/** The supervision domain's public module: routes, what evaluation may call (回头看 plans), and the demo fieldwork seed. */
export { supervisionRoutes } from './routes';
export { createLookBackPlan } from './commands/inspections';
export { seedFieldwork } from './fieldwork/seed';

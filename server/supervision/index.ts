/** The supervision domain's public module: routes, and what evaluation may call (回头看 plans). */
export { supervisionRoutes } from './routes';
export { createLookBackPlan } from './commands/inspections';

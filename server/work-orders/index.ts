/** The work-order domain's public module: what other domains (intake, exchange, open311, bench) may use. */
export { orderScope, findVisibleOrder, listOrders, placeColumn, residentVisibleEventIds } from './queries';
export { presentSummary, presentDetail, iso, isoOrNull, placeLabel } from './present';
export { createWorkOrder, nextOrderNumber } from './commands/create-work-order';
export { runAction } from './commands';
export { recordEvent } from './commands/record-event';
export { limitsFor } from './commands/dispatch-work-order';
export { unitClocks, nextCheckAt, DEFAULT_SWEEP_RULES } from './sla';
export { orderDetail } from './routes';
export { suggestUnits } from './routing';

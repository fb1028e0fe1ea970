/**
 * Outbound webhooks, the domain's public module: admin endpoints under /api/admin/webhooks and the
 * delivery loop the server runs next to the deadline sweep (scheduleWebhooks).
 */
export { webhookRoutes } from './routes';
export { runWebhooks, scheduleWebhooks } from './deliver';
export { verifySignature, SIGNATURE_HEADER } from './sign';

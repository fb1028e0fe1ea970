/**
 * The Open311 domain's public module: the GeoReport v2 interface at /open311/v2 (with
 * FixMyStreet's update extension) and the admin endpoints that issue and revoke its API keys.
 */
import type { AppContext } from '../context';
import type { App } from '../http';
import { apiKeyRoutes } from './api-key-routes';
import { OPEN311_PREFIX, open311Plugin } from './routes';

/** Registers /open311/v2 (an encapsulated plugin with its own body parser and error shape) and /api/admin/api-keys. */
export async function open311Routes(app: App, ctx: AppContext) {
  await app.register(async (scope) => open311Plugin(scope as unknown as App, ctx), { prefix: OPEN311_PREFIX });
  apiKeyRoutes(app, ctx);
}

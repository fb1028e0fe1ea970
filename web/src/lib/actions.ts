/** Lifecycle actions over HTTP. */
import type { ActionBodies } from '../../../common/api';
import type { Action } from '../../../common/lifecycle';
import { api } from './api';
import type { OrderDetailDto } from './data';

/** POST /api/work-orders/:id/<action-with-dashes> */
export function postAction<A extends Action>(id: number, action: A, body: ActionBodies[A]) {
  return api.post<OrderDetailDto>(`/api/work-orders/${id}/${action.replaceAll('_', '-')}`, body);
}

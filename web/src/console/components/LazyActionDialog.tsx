/**
 * The action dialog, loaded when first opened: its forms need the date picker and the uploader,
 * which the first screen of the console does not.
 */
import { lazy, Suspense } from 'react';
import type { Action } from '../../../../common/lifecycle';
import type { OrderDetailDto } from '../../lib/data';
import type { ActionTarget } from './ActionDialog';

const ActionDialog = lazy(() => import('./ActionDialog').then((m) => ({ default: m.ActionDialog })));

export type { ActionTarget };

export function LazyActionDialog(props: { action: Action | null; order: ActionTarget; onClose: () => void; onDone: (o: OrderDetailDto) => void }) {
  if (props.action === null) return null;
  return (
    <Suspense fallback={null}>
      <ActionDialog {...props} />
    </Suspense>
  );
}

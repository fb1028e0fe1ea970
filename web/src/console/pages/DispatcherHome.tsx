/**
 * 热线坐席 home: take a call (intake form with duplicates and the suggested unit), dispatch the
 * triage queue (each order with its suggested unit, accepted in one click), call residents back
 * (回访), chase overdue orders, and see how often the suggestions were taken, month by month.
 */
import { lazy, Suspense, useState } from 'react';
import { Button, Spin, Tabs, Typography } from 'antd';
import type { OrderDetailDto } from '../../lib/data';
import type { OrderFilters } from '../../lib/filters';
import { useI18n } from '../../lib/i18n';
import { useMessages } from '../../lib/local-messages';
import { INTAKE_MESSAGES } from '../../lib/routing';
import { useSearchParam } from '../../lib/router';
import { LazyActionDialog } from '../components/LazyActionDialog';
import { IntakeForm } from '../components/IntakeForm';
import { TabLabel } from '../components/TabLabel';
import { useCounts } from '../components/useCounts';

// The queues (and their table) load when their tab opens: the first screen is the intake form.
const OrderQueue = lazy(() => import('../components/OrderQueue').then((m) => ({ default: m.OrderQueue })));
const AcceptanceStats = lazy(() => import('../components/OrderQueue').then((m) => ({ default: m.AcceptanceStats })));

const QUEUES = {
  queue: { status: ['received'], sort: 'received_at' },
  callback: { status: ['callback'], sort: 'updated_at' },
  overdue: { overdue: true, status: ['dispatched', 'handling', 'return_requested'], sort: 'resolution_due_at' },
} satisfies Record<string, OrderFilters>;

export default function DispatcherHome() {
  const { t } = useI18n();
  const [tab, setTab] = useSearchParam('tab', 'intake');
  const [refresh, setRefresh] = useState(0);
  const [dispatching, setDispatching] = useState<OrderDetailDto | null>(null);
  const counts = useCounts(QUEUES, refresh);
  const m = useMessages(INTAKE_MESSAGES);

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.dispatcher')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'intake',
            label: t('intake.title'),
            children: (
              <IntakeForm
                onCreated={() => setRefresh((x) => x + 1)}
                createdExtra={(o) => (
                  <Button size="small" type="primary" onClick={() => setDispatching(o)}>
                    {t('intake.dispatchNow')}
                  </Button>
                )}
              />
            ),
          },
          {
            key: 'queue',
            label: <TabLabel text={t('queue.triage')} count={counts.queue} />,
            children: (
              <Suspense fallback={<Spin />}>
                <OrderQueue caption={t('queue.triage')} filters={QUEUES.queue} rowActions={['dispatch', 'answer_directly']} refreshKey={refresh} suggestions />
              </Suspense>
            ),
          },
          {
            key: 'callback',
            label: <TabLabel text={t('queue.callback')} count={counts.callback} />,
            children: (
              <Suspense fallback={<Spin />}>
                <OrderQueue caption={t('queue.callback')} filters={QUEUES.callback} rowActions={['rate']} refreshKey={refresh} />
              </Suspense>
            ),
          },
          {
            key: 'overdue',
            label: <TabLabel text={t('queue.overdue')} count={counts.overdue} danger />,
            children: (
              <Suspense fallback={<Spin />}>
                <OrderQueue caption={t('queue.overdue')} filters={QUEUES.overdue} rowActions={['urge']} bulkActions={['urge']} refreshKey={refresh} />
              </Suspense>
            ),
          },
          {
            key: 'acceptance',
            label: m('acceptanceTab'),
            children: (
              <Suspense fallback={<Spin />}>
                <AcceptanceStats />
              </Suspense>
            ),
          },
        ]}
      />
      {dispatching ? (
        <LazyActionDialog
          action="dispatch"
          order={dispatching}
          onClose={() => setDispatching(null)}
          onDone={() => {
            setDispatching(null);
            setRefresh((x) => x + 1);
          }}
        />
      ) : null}
    </>
  );
}

/**
 * 督办员 home: overdue and supervised orders (urge in bulk, raise supervision), and the decisions
 * waiting on a supervisor — returns, extensions, reply reviews, unsatisfied ratings.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Card, Col, Row, Statistic, Tabs, Typography } from 'antd';
import type { OrderFilters } from '../../lib/filters';
import { useI18n } from '../../lib/i18n';
import { useSearchParam } from '../../lib/router';
import { OrderQueue } from '../components/OrderQueue';
import { TabLabel } from '../components/TabLabel';
import { useCounts } from '../components/useCounts';

const StatusChart = lazy(() => import('../components/StatusChart'));

const TABS = {
  overdue: { overdue: true, status: ['dispatched', 'handling', 'return_requested'], sort: 'resolution_due_at' },
  supervised: { supervised: true, status: ['dispatched', 'handling', 'return_requested', 'replied'], sort: 'resolution_due_at' },
  returns: { status: ['return_requested'], sort: 'updated_at' },
  extensions: { status: ['handling'], extensionRequested: true, sort: 'resolution_due_at' },
  replies: { status: ['replied'], sort: 'updated_at' },
  judging: { status: ['judging'], sort: 'updated_at' },
} satisfies Record<string, OrderFilters>;

/** Mounts its children once the browser is idle, so a chart never delays the lists beside it. */
function WhenIdle({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };
    if (w.requestIdleCallback) {
      const id = w.requestIdleCallback(() => setReady(true), { timeout: 1500 });
      return () => w.cancelIdleCallback?.(id);
    }
    const id = setTimeout(() => setReady(true), 300);
    return () => clearTimeout(id);
  }, []);
  return ready ? <>{children}</> : null;
}

export default function SupervisorHome() {
  const { t } = useI18n();
  const [tab, setTab] = useSearchParam('tab', 'overdue');
  const { extensions: _skip, ...counted } = TABS;
  const counts = useCounts(counted);
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.supervisor')}
      </Typography.Title>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Row gutter={[16, 16]}>
            {(
              [
                ['overdue', 'supervisor.overdue', true],
                ['supervised', 'supervisor.supervised', true],
                ['returns', 'supervisor.returns', false],
                ['replies', 'supervisor.replies', false],
                ['judging', 'supervisor.judging', false],
              ] as const
            ).map(([k, label, danger]) => (
              <Col xs={12} md={8} key={k}>
                <Card size="small" hoverable onClick={() => setTab(k)}>
                  <Statistic title={t(label)} value={counts[k] ?? '—'} styles={{ content: { color: danger && (counts[k] ?? 0) > 0 ? '#cf1322' : undefined } }} />
                </Card>
              </Col>
            ))}
          </Row>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('stats.openByStatus')} styles={{ body: { height: 180 } }}>
            <WhenIdle>
              <Suspense fallback={null}>
                <StatusChart height={160} open />
              </Suspense>
            </WhenIdle>
          </Card>
        </Col>
      </Row>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'overdue',
            label: <TabLabel text={t('supervisor.overdue')} count={counts.overdue} danger />,
            children: <OrderQueue caption={t('supervisor.overdue')} filters={TABS.overdue} rowActions={['supervise', 'urge']} bulkActions={['urge']} />,
          },
          {
            key: 'supervised',
            label: <TabLabel text={t('supervisor.supervised')} count={counts.supervised} danger />,
            children: <OrderQueue caption={t('supervisor.supervised')} filters={TABS.supervised} rowActions={['urge']} bulkActions={['urge']} />,
          },
          {
            key: 'returns',
            label: <TabLabel text={t('supervisor.returns')} count={counts.returns} />,
            children: <OrderQueue caption={t('supervisor.returns')} filters={TABS.returns} rowActions={['approve_return', 'reject_return']} />,
          },
          {
            key: 'extensions',
            label: t('supervisor.extensions'),
            children: <OrderQueue caption={t('supervisor.extensions')} filters={TABS.extensions} rowActions={['approve_extension', 'reject_extension']} />,
          },
          {
            key: 'replies',
            label: <TabLabel text={t('supervisor.replies')} count={counts.replies} />,
            children: <OrderQueue caption={t('supervisor.replies')} filters={TABS.replies} rowActions={['approve_reply', 'reject_reply']} bulkActions={['approve_reply']} />,
          },
          {
            key: 'judging',
            label: <TabLabel text={t('supervisor.judging')} count={counts.judging} />,
            children: <OrderQueue caption={t('supervisor.judging')} filters={TABS.judging} rowActions={['redo', 'close']} />,
          },
        ]}
      />
    </>
  );
}

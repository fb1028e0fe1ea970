/**
 * 经办人 home: the unit's orders in four tabs — to sign for, in progress, overdue, waiting for the
 * resident's rating — each row with a live countdown to its deadline.
 */
import { Tabs, Typography } from 'antd';
import type { OrderFilters } from '../../lib/filters';
import { useI18n } from '../../lib/i18n';
import { useSearchParam } from '../../lib/router';
import { useMe } from '../../lib/session';
import { OrderQueue } from '../components/OrderQueue';
import { TabLabel } from '../components/TabLabel';
import { useCounts } from '../components/useCounts';

const TABS = {
  signoff: { status: ['dispatched'], sort: 'received_at' },
  handling: { status: ['handling', 'return_requested'], sort: 'resolution_due_at' },
  overdue: { overdue: true, status: ['dispatched', 'handling', 'return_requested'], sort: 'resolution_due_at' },
  callback: { status: ['replied', 'callback', 'judging'], sort: '-updated_at' },
} satisfies Record<string, OrderFilters>;

export default function HandlerHome() {
  const { t } = useI18n();
  const me = useMe();
  const [tab, setTab] = useSearchParam('tab', 'signoff');
  const counts = useCounts(TABS);
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.handler')}
        {me.unitName ? <Typography.Text type="secondary" style={{ fontSize: 16, marginInlineStart: 12 }}>{me.unitName}</Typography.Text> : null}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'signoff',
            label: <TabLabel text={t('handler.signoff')} count={counts.signoff} />,
            children: <OrderQueue caption={t('handler.signoff')} filters={TABS.signoff} rowActions={['accept', 'request_return']} />,
          },
          {
            key: 'handling',
            label: <TabLabel text={t('handler.handling')} count={counts.handling} />,
            children: <OrderQueue caption={t('handler.handling')} filters={TABS.handling} rowActions={['reply', 'contact']} />,
          },
          {
            key: 'overdue',
            label: <TabLabel text={t('handler.overdue')} count={counts.overdue} danger />,
            children: <OrderQueue caption={t('handler.overdue')} filters={TABS.overdue} />,
          },
          {
            key: 'callback',
            label: <TabLabel text={t('handler.callback')} count={counts.callback} />,
            children: <OrderQueue caption={t('handler.callback')} filters={TABS.callback} />,
          },
        ]}
      />
    </>
  );
}

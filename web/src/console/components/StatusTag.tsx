/** A status as a coloured tag, with the urge/supervision flags beside it. */
import { Tag, Tooltip } from 'antd';
import type { Status } from '../../../../common/lifecycle';
import { useI18n } from '../../lib/i18n';
import { statusColor, statusName } from '../../lib/labels';

/** `status` is typed loosely because the API schema types it as an enum of unknown members. */
export function StatusTag({ status }: { status: unknown }) {
  const { lang } = useI18n();
  const s = String(status);
  return <Tag color={statusColor(s as Status)}>{statusName(s, lang)}</Tag>;
}

export function FlagTags({ urgeCount, supervisionLevel, overdue }: { urgeCount: number; supervisionLevel: number; overdue?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {overdue ? <Tag color="red">{t('order.overdue')}</Tag> : null}
      {urgeCount > 0 ? (
        <Tooltip title={t('order.urgedTimes', { n: urgeCount })}>
          <Tag color="orange">{t('order.urged', { n: urgeCount })}</Tag>
        </Tooltip>
      ) : null}
      {supervisionLevel > 0 ? <Tag color="red">{t('order.supervised', { n: supervisionLevel })}</Tag> : null}
    </>
  );
}

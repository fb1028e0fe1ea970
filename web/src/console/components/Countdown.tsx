/** A live deadline countdown: orange in the last two hours, red once overdue. */
import { Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useNow } from '../../lib/clock';
import { countdown } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

export function Countdown({ due, label }: { due: string | null | undefined; label?: string }) {
  const now = useNow();
  const { lang } = useI18n();
  const c = countdown(due, now, lang);
  if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
  const type = c.overdue ? 'danger' : c.soon ? 'warning' : undefined;
  return (
    <Typography.Text type={type} strong={c.overdue} data-overdue={c.overdue ? 'true' : 'false'} style={{ whiteSpace: 'nowrap' }}>
      <ClockCircleOutlined /> {label ? `${label} ` : ''}
      {c.text}
    </Typography.Text>
  );
}

/** A live deadline countdown: orange in the last two hours, red once overdue. */
import { theme } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useNow } from '../../lib/clock';
import { countdown } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

export function Countdown({ due, label }: { due: string | null | undefined; label?: string }) {
  const now = useNow();
  const { lang } = useI18n();
  const { token } = theme.useToken();
  const c = countdown(due, now, lang);
  // A plain span coloured from the theme: a list page mounts one per row.
  if (!c) return <span style={{ color: token.colorTextSecondary }}>—</span>;
  const color = c.overdue ? token.colorError : c.soon ? token.colorWarning : undefined;
  return (
    <span data-overdue={c.overdue ? 'true' : 'false'} style={{ whiteSpace: 'nowrap', color, fontWeight: c.overdue ? 600 : undefined }}>
      <ClockCircleOutlined /> {label ? `${label} ` : ''}
      {c.text}
    </span>
  );
}

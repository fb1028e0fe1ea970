/** 受理登记 on its own page (for supervisors, admins and inspectors recording a finding). */
import { Typography } from 'antd';
import { useI18n } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { IntakeForm } from '../components/IntakeForm';

export default function IntakePage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('intake.title')}
      </Typography.Title>
      <IntakeForm onCreated={(o) => navigate(`/orders/${o.id}`)} />
    </>
  );
}

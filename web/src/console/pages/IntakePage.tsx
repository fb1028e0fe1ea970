/** 受理登记 on its own page (for supervisors, admins and inspectors recording a finding), with the suggestions' acceptance per month. */
import { lazy, Suspense } from 'react';
import { Typography } from 'antd';
import { useSession } from '../../lib/session';
import { useI18n } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { IntakeForm } from '../components/IntakeForm';

const AcceptanceStats = lazy(() => import('../components/OrderQueue').then((m) => ({ default: m.AcceptanceStats })));

export default function IntakePage() {
  const { t } = useI18n();
  const { me } = useSession();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('intake.title')}
      </Typography.Title>
      <IntakeForm onCreated={(o) => navigate(`/orders/${o.id}`)} />
      {me && ['dispatcher', 'supervisor', 'admin'].includes(me.role) ? (
        <div style={{ marginTop: 16 }}>
          <Suspense fallback={null}>
            <AcceptanceStats />
          </Suspense>
        </div>
      ) : null}
    </>
  );
}

/** A first look at the numbers: orders by status and by channel (charts load on demand). */
import { lazy, Suspense } from 'react';
import { Card, Col, Row, Spin, Typography } from 'antd';
import { useI18n } from '../../lib/i18n';

const StatusChart = lazy(() => import('../components/StatusChart'));
const ChannelChart = lazy(() => import('../components/StatusChart').then((m) => ({ default: m.ChannelChart })));

export default function StatsPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.stats')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('stats.note')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('stats.openByStatus')}>
            <Suspense fallback={<Spin />}>
              <StatusChart height={320} open />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('stats.byChannel')}>
            <Suspense fallback={<Spin />}>
              <ChannelChart height={320} />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('stats.byStatus')}>
            <Suspense fallback={<Spin />}>
              <StatusChart height={320} />
            </Suspense>
          </Card>
        </Col>
      </Row>
    </>
  );
}

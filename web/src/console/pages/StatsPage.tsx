/**
 * A first look at the numbers: today's open, overdue and due counts (one request to the counts
 * endpoint), orders by status and by channel (charts load on demand), and the way to the
 * evaluation dashboards.
 */
import { lazy, Suspense } from 'react';
import { Button, Card, Col, Row, Spin, Statistic, Typography } from 'antd';
import { DesktopOutlined, FundOutlined, PieChartOutlined } from '@ant-design/icons';
import { useAsync } from '../../lib/data';
import { useI18n } from '../../lib/i18n';
import { useMessages } from '../../lib/local-messages';
import { navigate } from '../../lib/router';
import { fetchSummary } from '../components/useCounts';
import { M } from './evaluation/messages';

const StatusChart = lazy(() => import('../components/StatusChart'));
const ChannelChart = lazy(() => import('../components/StatusChart').then((m) => ({ default: m.ChannelChart })));

export default function StatsPage() {
  const { t } = useI18n();
  const m = useMessages(M);
  const summary = useAsync(() => fetchSummary(), []);
  const s = summary.data;
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.stats')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('stats.note')}</Typography.Paragraph>
      {s ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {(
            [
              ['stats.open', s.open, false],
              ['stats.overdue', s.overdue, true],
              ['stats.dueToday', s.dueToday, true],
              ['stats.supervised', s.supervised, false],
              ['stats.awaitingCallback', s.awaitingCallback, false],
            ] as const
          ).map(([key, value, warn]) => (
            <Col xs={12} md={8} xl={4} key={key} flex="auto">
              <Card size="small">
                <Statistic title={m(key)} value={value} styles={{ content: { color: warn && value > 0 ? '#cf1322' : undefined } }} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
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
        <Col xs={24} lg={10}>
          <Card title={m('stats.more')}>
            <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start' }}>
              <Button type="link" icon={<FundOutlined />} onClick={() => navigate('/evaluation/dashboard')}>
                {m('dash.title')}
              </Button>
              <Button type="link" icon={<PieChartOutlined />} onClick={() => navigate('/evaluation/portrait')}>
                {m('portrait.title')}
              </Button>
              <Button type="link" icon={<DesktopOutlined />} onClick={() => navigate('/bigscreen')}>
                {m('dash.openBigScreen')}
              </Button>
            </div>
          </Card>
        </Col>
      </Row>
    </>
  );
}

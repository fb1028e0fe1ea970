/**
 * 排名与红黑榜: the month's ranking within peer groups under a chosen scheme, change from last
 * month, the 红榜 and 黑榜, publishing the black list (which plans next period's 回头看), and the
 * property companies' credit scores.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, List, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, SendOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { Static } from 'typebox';
import type { PublishResponse } from '../../../../../common/dashboard';
import { api } from '../../../lib/api';
import { getPlace, useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import type { ChartOption } from '../../components/StatusChart';
import { GROUP_BYS, getRanking, getSchemes, type GroupBy, type RankingRow } from './api';
import { CreditPanel } from './CreditPanel';
import { monthOf, previousMonth } from './period';
import { usePeerOptions } from './RatesPage';
import { ChartCard, errorText, FilterBar, LoadError, pct, peerLabel, rateName, useM, type Tm } from './shared';

type Published = Static<typeof PublishResponse>;

const RED = '#cf1322';
const BLACK = '#262626';

/** "↑2", "↓1", "—", or "new" when the row was not ranked last month. */
function Change({ r, m }: { r: RankingRow; m: Tm }) {
  if (r.rank === null) return <>—</>;
  if (r.previousRank === null) return <Tag>{m('ranking.newEntry')}</Tag>;
  if (!r.change) return <>—</>;
  return r.change > 0 ? (
    <span style={{ color: '#389e0d' }} aria-label={`+${r.change}`}>
      <ArrowUpOutlined /> {r.change}
    </span>
  ) : (
    <span style={{ color: RED }} aria-label={String(r.change)}>
      <ArrowDownOutlined /> {-r.change}
    </span>
  );
}

/** One of the two boards: the rows on it, best (red) or worst (black) first. */
function Board({ kind, rows, hint, m }: { kind: 'red' | 'black'; rows: RankingRow[]; hint: string; m: Tm }) {
  const title = m(kind === 'red' ? 'ranking.red' : 'ranking.black');
  return (
    <section aria-label={title}>
      <Card
        size="small"
        title={<span style={{ color: kind === 'red' ? RED : BLACK, fontWeight: 700 }}>{title}</span>}
        extra={<Typography.Text type="secondary">{hint}</Typography.Text>}
        styles={{ header: { background: kind === 'red' ? '#fff1f0' : '#f5f5f5' } }}
      >
        <List
          size="small"
          dataSource={rows}
          locale={{ emptyText: m('ranking.none') }}
          renderItem={(r) => (
            <List.Item extra={<Change r={r} m={m} />}>
              <Space>
                <Tag color={kind === 'red' ? 'red' : 'default'}>{r.rank ?? '—'}</Tag>
                <span>{r.name}</span>
                <Typography.Text type="secondary">{r.score?.toFixed(2) ?? '—'}</Typography.Text>
                {r.belowFloor ? <Tag color="volcano">{m('ranking.belowFloor')}</Tag> : null}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </section>
  );
}

/** Names of the places a publication planned to look back at. */
function PlanNames({ ids }: { ids: number[] }) {
  const names = useAsync(() => Promise.all(ids.map((id) => getPlace(id).then((p) => p.place.name, () => `#${id}`))), [ids.join(',')]);
  return <>{(names.data ?? ids.map((id) => `#${id}`)).join('、')}</>;
}

export default function RankingPage() {
  const m = useM();
  const me = useMe();
  const { lang, t } = useI18n();
  const { message } = App.useApp();
  const [groupParam, setGroup] = useSearchParam('groupBy', 'unit');
  const groupBy: GroupBy = (GROUP_BYS as readonly string[]).includes(groupParam) ? (groupParam as GroupBy) : 'unit';
  const [monthParam, setMonth] = useSearchParam('month', '');
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam) ? monthParam : previousMonth(monthOf(Date.now()));
  const [peer, setPeer] = useSearchParam('peer', 'property_company');
  const [scheme, setScheme] = useState<string | undefined>(undefined);
  const [published, setPublished] = useState<Published | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [creditKey, setCreditKey] = useState(0);
  const schemes = useAsync(getSchemes, []);
  const peers = usePeerOptions(m('peer.all'));
  const effectivePeer = groupBy === 'unit' && peer ? peer : undefined;
  const report = useAsync(() => getRanking({ month, groupBy, peer: effectivePeer, scheme }), [month, groupBy, effectivePeer, scheme]);
  const rows = report.data?.rows ?? [];
  const current = schemes.data?.schemes.find((s) => s.id === (scheme ?? schemes.data?.defaultScheme));
  const red = rows.filter((r) => r.list === 'red').sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  const black = rows.filter((r) => r.list === 'black').sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0));
  const peerName = (r: RankingRow) => peerLabel(r.peer, peers.names, t);
  const floor = current?.floor ? m('ranking.floorHint', { rate: rateName(current.floor.rate, lang), min: Math.round(current.floor.min * 100) }) : '';

  const ranked = rows.filter((r) => r.ranked && r.score !== null);
  const option = useMemo<ChartOption | null>(() => {
    if (!report.data) return null;
    const list = [...ranked].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    return {
      animation: false,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', inverse: true, data: list.map((r) => r.name), axisLabel: { fontSize: 11 } },
      series: [
        {
          type: 'bar',
          name: m('col.score'),
          data: list.map((r) => ({ value: r.score, itemStyle: { color: r.list === 'red' ? RED : r.list === 'black' ? BLACK : '#1677ff' } })),
          label: { show: true, position: 'right', fontSize: 10 },
        },
      ],
    };
  }, [report.data, lang]);
  const chartData = report.data
    ? {
        columns: [m('ranking.rank'), m('col.name'), m('col.peer'), m('col.score'), m('ranking.prevRank'), m('ranking.change'), m('ranking.list'), m('col.volume'), rateName('response', lang), rateName('resolution', lang), rateName('satisfaction', lang)],
        rows: rows.map((r) => [
          r.rank,
          r.name,
          peerName(r),
          r.score,
          r.previousRank,
          r.change,
          r.list === 'red' ? m('ranking.red') : r.list === 'black' ? m('ranking.black') : '',
          r.volume,
          r.rates.response === null ? null : Math.round(r.rates.response * 10000) / 100,
          r.rates.resolution === null ? null : Math.round(r.rates.resolution * 10000) / 100,
          r.rates.satisfaction === null ? null : Math.round(r.rates.satisfaction * 10000) / 100,
        ]),
      }
    : null;

  const columns: ColumnsType<RankingRow> = [
    { title: m('ranking.rank'), key: 'rank', width: 70, render: (_, r) => r.rank ?? '—' },
    { title: m('col.name'), dataIndex: 'name', key: 'name', width: 220 },
    { title: m('col.peer'), key: 'peer', width: 120, render: (_, r) => peerName(r) },
    { title: m('col.score'), key: 'score', align: 'right', width: 80, render: (_, r) => r.score?.toFixed(2) ?? '—' },
    { title: m('ranking.change'), key: 'change', width: 90, render: (_, r) => <Change r={r} m={m} /> },
    { title: m('ranking.prevRank'), key: 'prev', width: 90, render: (_, r) => r.previousRank ?? '—' },
    { title: m('col.volume'), dataIndex: 'volume', key: 'volume', align: 'right', width: 80 },
    ...(['response', 'resolution', 'satisfaction'] as const).map((k) => ({ title: rateName(k, lang), key: k, align: 'right' as const, width: 90, render: (_: unknown, r: RankingRow) => pct(r.rates[k]) })),
    {
      title: m('ranking.list'),
      key: 'list',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.list === 'red' ? <Tag color="red">{m('ranking.red')}</Tag> : null}
          {r.list === 'black' ? <Tag color="#262626">{m('ranking.black')}</Tag> : null}
          {r.belowFloor ? <Tag color="volcano">{m('ranking.belowFloor')}</Tag> : null}
          {!r.ranked ? (
            <Tag>{r.unrankedReason === 'min_volume' ? m('ranking.minVolume', { n: report.data?.minVolume ?? 0 }) : m('ranking.noScore')}</Tag>
          ) : null}
        </Space>
      ),
    },
  ];

  // Publishing is the administrator's (policy evaluation.configure); lists of units or compounds only.
  const canPublish = me.role === 'admin' && (groupBy === 'unit' || groupBy === 'compound');
  const publish = async () => {
    setPublishing(true);
    try {
      const res = await api.post<Published>('/api/evaluation/ranking/publish', { month, groupBy, peer: effectivePeer, scheme });
      setPublished(res);
      setCreditKey((k) => k + 1);
      void message.success(m('ranking.published', { month }));
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setPublishing(false);
    }
  };

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {m('ranking.title')}
      </Typography.Title>
      <FilterBar label={m('ranking.title')}>
        <Form.Item label={m('scheme.label')} htmlFor="ev-scheme">
          <Select
            id="ev-scheme"
            style={{ width: 260 }}
            value={scheme ?? schemes.data?.defaultScheme}
            onChange={setScheme}
            options={(schemes.data?.schemes ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item label={m('group.label')}>
          <Segmented<GroupBy> value={groupBy} onChange={setGroup} options={GROUP_BYS.map((g) => ({ value: g, label: m(`group.${g}`) }))} />
        </Form.Item>
        {groupBy === 'unit' ? (
          <Form.Item label={m('peer.label')} htmlFor="ev-peer">
            <Select id="ev-peer" style={{ width: 170 }} value={peer} onChange={setPeer} options={peers.options} />
          </Form.Item>
        ) : null}
        <Form.Item label={m('ranking.month')} htmlFor="ev-month">
          <DatePicker id="ev-month" picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
        </Form.Item>
        {canPublish ? (
          <Form.Item>
            <Popconfirm title={m('ranking.publishConfirm', { month })} onConfirm={publish} okText={t('common.ok')} cancelText={t('common.cancel')}>
              <Button danger icon={<SendOutlined />} loading={publishing} disabled={!black.length || (published?.month === month && published.groupBy === groupBy)}>
                {m('ranking.publish')}
              </Button>
            </Popconfirm>
          </Form.Item>
        ) : null}
      </FilterBar>
      <LoadError error={report.error} />
      {published ? (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setPublished(null)}
          style={{ marginBottom: 16 }}
          title={m('ranking.published', { month: published.month })}
          description={
            <div role="status">
              {m('ranking.plan')}
              {published.lookBackPlanId !== null ? ` #${published.lookBackPlanId}` : ''}：{published.lookBackCompounds.length ? <PlanNames ids={published.lookBackCompounds} /> : '—'}
            </div>
          }
        />
      ) : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={12}>
          <Board kind="red" rows={red} hint={m('ranking.redHint', { n: current?.top ?? 0 })} m={m} />
        </Col>
        <Col xs={24} md={12}>
          <Board kind="black" rows={black} hint={m('ranking.blackHint', { n: current?.bottom ?? 0, floor })} m={m} />
        </Col>
        <Col xs={24}>
          <ChartCard title={m('ranking.scores', { month })} option={option} data={chartData} height={Math.max(220, ranked.length * 26 + 40)} />
        </Col>
      </Row>
      <Card size="small" title={m('ranking.title')} style={{ marginBottom: 16 }}>
        <Table<RankingRow>
          rowKey="id"
          size="small"
          loading={report.loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 1200 }}
          pagination={{ pageSize: 30, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: m('common.noData') }}
        />
      </Card>
      <CreditPanel refreshKey={creditKey} />
    </>
  );
}

/** 小区公示栏: the compounds in the user's area with when their boards were last updated and what is stale. */
import { Card, Checkbox, Form, Table, Tag, Typography } from 'antd';
import { api, qs } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link, useSearchParam } from '../../../lib/router';
import { CompoundSelect } from '../../components/PlacePicker';
import { LoadError, useT } from './shared';

interface BoardRow {
  compoundId: number;
  compoundName: string;
  lastUpdatedAt: string | null;
  staleItems: number;
  overdueFacilities: number;
  stale: boolean;
}

export default function BoardsPage() {
  const t = useT();
  const [place, setPlace] = useSearchParam('placeId', '');
  const [stale, setStale] = useSearchParam('stale', '');
  const list = useAsync(
    () => api.get<BoardRow[]>(`/api/boards${qs({ placeId: place, stale: stale || undefined, limit: 500 })}`),
    [place, stale],
  );
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('b.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('c.compound')} htmlFor="boards-place" style={{ minWidth: 260 }}>
            <CompoundSelect
              id="boards-place"
              value={place ? Number(place) : undefined}
              allowClear
              onChange={(v) => setPlace(v ? String(v) : '')}
            />
          </Form.Item>
          <Form.Item>
            <Checkbox checked={stale === 'true'} onChange={(e) => setStale(e.target.checked ? 'true' : '')}>
              {t('b.staleOnly')}
            </Checkbox>
          </Form.Item>
        </Form>
      </Card>
      {list.error ? (
        <LoadError error={list.error} />
      ) : (
        <Table<BoardRow>
          rowKey="compoundId"
          loading={list.loading}
          dataSource={list.data ?? []}
          aria-label={t('b.title')}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('c.total', { n }) }}
          columns={[
            { title: t('c.compound'), render: (_, r) => <Link to={`/supervision/boards/${r.compoundId}`}>{r.compoundName}</Link> },
            { title: t('b.updatedAt'), width: 170, render: (_, r) => formatTime(r.lastUpdatedAt) },
            { title: t('b.staleItems'), dataIndex: 'staleItems', width: 120, align: 'right' },
            { title: t('b.overdueFacilities'), dataIndex: 'overdueFacilities', width: 140, align: 'right' },
            {
              title: '',
              width: 110,
              render: (_, r) => (r.stale ? <Tag color="orange">{t('b.stale')}</Tag> : <Tag color="green">{t('b.fresh')}</Tag>),
            },
          ]}
        />
      )}
    </>
  );
}

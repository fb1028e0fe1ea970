/** 小区公示栏: the compounds in the user's area with when their boards were last updated and what is stale. */
import { Tag } from 'antd';
import { qs } from '../../../lib/api';
import { formatTime } from '../../../lib/format';
import { Link, useSearchParam } from '../../../lib/router';
import { CompoundFilter, FlagFilter, ListWithCreate } from './ListWithCreate';
import { useT } from './shared';

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
  const [place] = useSearchParam('placeId', '');
  const [stale] = useSearchParam('stale', '');
  return (
    <ListWithCreate<BoardRow>
      title={t('b.title')}
      url={`/api/boards${qs({ placeId: place, stale: stale || undefined, limit: 500 })}`}
      filters={
        <>
          <CompoundFilter id="boards-place" />
          <FlagFilter param="stale" label={t('b.staleOnly')} />
        </>
      }
      rowKey="compoundId"
      pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('c.total', { n }) }}
      columns={() => [
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
  );
}

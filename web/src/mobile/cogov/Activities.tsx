/** Activities near me (my community, or all) and the ones I enrolled in, as cards that open the activity. */
import { useState } from 'react';
import { Empty, Segmented, Skeleton, Tag } from 'antd';
import { cogov, type ActivityDto } from '../../console/pages/cogov/api';
import { getPlace, useAsync } from '../../lib/data';
import { formatTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import { ErrorAlert, useT } from './shared';

const KIND_COLOR: Record<string, string> = { duty: 'green', class: 'blue', service_day: 'orange' };

/** The community (社区/村) above a resident's home, to show what happens nearby. */
async function myCommunity(placeId: number | null | undefined): Promise<number | null> {
  if (!placeId) return null;
  const { place, ancestors } = await getPlace(placeId);
  const chain = [...ancestors, { id: place.id, level: place.level }];
  return chain.find((p) => p.level === 'community')?.id ?? chain.find((p) => p.level === 'compound')?.id ?? null;
}

export function ActivityCard({ a }: { a: ActivityDto }) {
  const t = useT();
  const now = Date.now();
  const next = a.sessions.find((s) => Date.parse(s.endsAt) > now);
  return (
    <li>
      <a
        className="gz-m-list-item"
        href={`/m/cogov/activities/${a.id}`}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/m/cogov/activities/${a.id}`);
        }}
      >
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <strong style={{ flex: 1 }}>{a.title}</strong>
          {a.myEnrollment?.status === 'enrolled' ? <Tag color="red">{t('enrolled')}</Tag> : <Tag color={KIND_COLOR[a.kind]}>{t(`kind.${a.kind}`)}</Tag>}
        </div>
        <div className="meta">
          {a.placeName} · {t('places', { n: a.enrolledCount, c: a.capacity })} ·{' '}
          {a.pointsMode === 'per_hour' ? t('perHour', { n: a.pointsRate }) : t('perAttendance', { n: a.pointsRate })}
        </div>
        <div className="meta">{a.status === 'cancelled' ? t('cancelledActivity') : next ? formatTime(next.startsAt) : t('over')}</div>
      </a>
    </li>
  );
}

export function ActivityList({ list, empty }: { list: ActivityDto[] | undefined; empty: string }) {
  if (list && list.length === 0)
    return (
      <div className="gz-m-card">
        <Empty description={empty} />
      </div>
    );
  return <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>{list?.map((a) => <ActivityCard key={a.id} a={a} />)}</ul>;
}

export function NearActivities() {
  const t = useT();
  const { me } = useSession();
  const [scope, setScope] = useState<'near' | 'all'>('near');
  const list = useAsync(async () => {
    const community = scope === 'near' ? await myCommunity(me?.placeId) : null;
    const rows = await cogov.activities(community ? { placeId: community } : {});
    const now = Date.now();
    // Open activities that still have a session ahead first; finished ones after.
    const live = (a: ActivityDto) => a.status === 'open' && a.sessions.some((s) => Date.parse(s.endsAt) > now);
    return [...rows.filter(live), ...rows.filter((a) => !live(a))];
  }, [scope, me?.placeId]);
  return (
    <>
      <Segmented
        value={scope}
        onChange={setScope}
        options={[
          { value: 'near', label: t('near') },
          { value: 'all', label: t('all') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Skeleton active /> : <ActivityList list={list.data} empty={t('noActivities')} />}
    </>
  );
}

export function MyEnrollments() {
  const t = useT();
  const { me } = useSession();
  const list = useAsync(async () => (await cogov.activities({ mine: true })).filter((a) => a.myEnrollment?.status === 'enrolled'), [me?.id]);
  return (
    <>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Skeleton active /> : <ActivityList list={list.data} empty={t('noEnrollments')} />}
    </>
  );
}

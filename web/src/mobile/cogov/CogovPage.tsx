/** The resident page's "参与" tab: activities near me, my enrollments, check-in, my points, the points shop and my codes. */
import { matchPath, useLocation } from '../../lib/router';
import { MobileShell } from '../Shell';
import ActivityView from './ActivityView';
import { MyEnrollments, NearActivities } from './Activities';
import Points from './Points';
import { Codes, Shop } from './Shop';
import { CogovNav, useT } from './shared';

function Body({ path }: { path: string }) {
  if (path.startsWith('/m/cogov/mine')) return <MyEnrollments />;
  if (path.startsWith('/m/cogov/points')) return <Points />;
  if (path.startsWith('/m/cogov/shop')) return <Shop />;
  if (path.startsWith('/m/cogov/codes')) return <Codes />;
  return <NearActivities />;
}

export default function CogovPage() {
  const t = useT();
  const { path } = useLocation();
  const one = matchPath('/m/cogov/activities/:id', path);
  if (one && /^\d+$/.test(one.id!))
    return (
      <MobileShell title={t('title')} back="/m/cogov">
        <ActivityView key={one.id} id={Number(one.id)} />
      </MobileShell>
    );
  return (
    <MobileShell title={t('title')}>
      <CogovNav />
      <Body path={path} />
    </MobileShell>
  );
}

/** The co-governance section of the console: its menu group, pages (lazy) and the organiser's and merchant's first screens. */
import { lazy } from 'react';
import { TeamOutlined } from '@ant-design/icons';
import { matchPath } from '../../lib/router';
import type { Section } from './types';

const ActivitiesPage = lazy(() => import('../pages/cogov/ActivitiesPage'));
const ActivityForm = lazy(() => import('../pages/cogov/ActivityForm'));
const ActivityDetail = lazy(() => import('../pages/cogov/ActivityDetail'));
const CheckinScreen = lazy(() => import('../pages/cogov/CheckinScreen'));
const MerchantVerify = lazy(() => import('../pages/cogov/MerchantVerify'));
const RewardsPage = lazy(() => import('../pages/cogov/RewardsPage'));
const ParticipationPage = lazy(() => import('../pages/cogov/ParticipationPage'));

const ORGANISE = ['organiser', 'admin'] as const;
const VERIFY = ['merchant', 'admin'] as const;
const REPORT = ['organiser', 'supervisor', 'admin'] as const;
const SHOP = ['admin', 'supervisor'] as const;

const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);

export const cogovSection: Section = {
  key: 'cogov',
  label: ['共建共治', 'Co-governance'],
  icon: <TeamOutlined />,
  roles: ['organiser', 'merchant', 'admin', 'supervisor'],
  items: [
    { path: '/cogov/activities', label: ['共治活动', 'Activities'], roles: ORGANISE },
    { path: '/cogov/verify', label: ['核销兑换码', 'Verify codes'], roles: VERIFY },
    { path: '/cogov/rewards', label: ['积分超市', 'Points shop'], roles: SHOP },
    { path: '/cogov/participation', label: ['参与统计', 'Participation'], roles: REPORT },
  ],
  route(path, me) {
    const may = (roles: readonly string[]) => roles.includes(me.role);
    if (may(ORGANISE)) {
      if (path === '/cogov/activities') return <ActivitiesPage />;
      if (path === '/cogov/activities/new') return <ActivityForm />;
      const session = matchPath('/cogov/activities/:id/sessions/:sid', path);
      if (session && num(session.id) && num(session.sid)) return <CheckinScreen activityId={num(session.id)!} sessionId={num(session.sid)!} />;
      const edit = matchPath('/cogov/activities/:id/edit', path);
      if (edit && num(edit.id)) return <ActivityForm id={num(edit.id)!} />;
      const tab = matchPath('/cogov/activities/:id/:tab', path);
      if (tab && num(tab.id)) return <ActivityDetail id={num(tab.id)!} tab={tab.tab} />;
      const one = matchPath('/cogov/activities/:id', path);
      if (one && num(one.id)) return <ActivityDetail id={num(one.id)!} />;
    }
    if (path === '/cogov/verify' && may(VERIFY)) return <MerchantVerify />;
    if (path === '/cogov/rewards' && may(SHOP)) return <RewardsPage />;
    if (path === '/cogov/participation' && may(REPORT)) return <ParticipationPage />;
    return null;
  },
  home: {
    organiser: () => <ActivitiesPage />,
    merchant: () => <MerchantVerify />,
  },
};

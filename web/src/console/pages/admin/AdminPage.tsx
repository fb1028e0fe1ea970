/** 系统管理: one lazily loaded page per part of the district's reference data. */
import { lazy, Suspense } from 'react';
import { Segmented, Spin, Typography } from 'antd';
import type { AdminTab } from '../../ConsoleApp';
import { useI18n } from '../../../lib/i18n';
import type { MessageKey } from '../../../lib/messages';
import { navigate } from '../../../lib/router';

const PAGES = {
  places: lazy(() => import('./PlacesAdmin')),
  units: lazy(() => import('./UnitsAdmin')),
  categories: lazy(() => import('./CategoriesAdmin')),
  calendar: lazy(() => import('./CalendarAdmin')),
  users: lazy(() => import('./UsersAdmin')),
} satisfies Record<AdminTab, unknown>;

const LABELS: Record<AdminTab, MessageKey> = {
  places: 'admin.places',
  units: 'admin.units',
  categories: 'admin.categories',
  calendar: 'admin.calendar',
  users: 'admin.users',
};

export default function AdminPage({ tab }: { tab: AdminTab }) {
  const { t } = useI18n();
  const Page = PAGES[tab];
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.admin')}
      </Typography.Title>
      <div style={{ marginBottom: 16 }}>
        <Segmented
          value={tab}
          onChange={(v) => navigate(`/admin/${v}`)}
          options={(Object.keys(LABELS) as AdminTab[]).map((k) => ({ value: k, label: t(LABELS[k]) }))}
        />
      </div>
      <Suspense fallback={<Spin style={{ display: 'block', margin: 40 }} />}>
        <Page />
      </Suspense>
    </>
  );
}

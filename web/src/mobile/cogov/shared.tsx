/** Pieces the resident's co-governance screens share: strings, the error text, the section's nav. */
import { Alert, Segmented } from 'antd';
import { ApiError } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { useMessages } from '../../lib/local-messages';
import { navigate, useLocation } from '../../lib/router';
import { M } from './messages';

export const useT = () => useMessages(M);

export function useErrorText() {
  const { lang } = useI18n();
  return (err: unknown) => (err instanceof ApiError ? err.text(lang) : err instanceof Error ? err.message : String(err));
}

export function ErrorAlert({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  return <Alert type="error" showIcon title={text(error)} style={{ marginBottom: 12 }} role="alert" />;
}

const NAV = [
  ['/m/cogov', 'navActivities'],
  ['/m/cogov/mine', 'navMine'],
  ['/m/cogov/points', 'navPoints'],
  ['/m/cogov/shop', 'navShop'],
  ['/m/cogov/codes', 'navCodes'],
] as const;

/** The section's own navigation under the header: activities, enrolled, points, shop, codes. */
export function CogovNav() {
  const t = useT();
  const { path } = useLocation();
  const current = NAV.slice(1).find(([p]) => path.startsWith(p))?.[0] ?? '/m/cogov';
  return (
    <nav aria-label={t('title')} style={{ marginBottom: 12, overflowX: 'auto' }}>
      <Segmented value={current} onChange={(v) => navigate(v)} options={NAV.map(([p, k]) => ({ value: p, label: t(k) }))} />
    </nav>
  );
}

/**
 * 小区公示: the compound's public boards (五亮 disclosure, facility maintenance records). The
 * supervision module that publishes them has not landed, so this page says so plainly.
 */
import { Alert, Empty } from 'antd';
import { useAsync } from '../lib/data';
import { useI18n } from '../lib/i18n';
import { useMe } from '../lib/session';
import { compoundOf } from '../console/components/PlacePicker';
import { MobileShell } from './Shell';

const BOARDS = ['m.board.duties', 'm.board.staff', 'm.board.promises', 'm.board.standards', 'm.board.results', 'm.board.facilities'] as const;

export default function Notices() {
  const { t } = useI18n();
  const me = useMe();
  const home = useAsync(() => (me.placeId ? compoundOf(me.placeId) : Promise.resolve(null)), [me.placeId]);
  return (
    <MobileShell title={t('m.notices')}>
      <Alert type="info" showIcon title={t('m.noticesPlaceholder')} description={t('m.noticesPlaceholderSub')} style={{ marginBottom: 12 }} />
      <div className="gz-m-card">
        <strong>{home.data?.compound?.label ?? t('m.myCompound')}</strong>
        <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }}>
          {BOARDS.map((b) => (
            <li key={b} style={{ display: 'flex', justifyContent: 'space-between', padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
              <span>{t(b)}</span>
              <span style={{ color: '#999' }}>{t('m.notPublished')}</span>
            </li>
          ))}
        </ul>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('m.noNotices')} />
      </div>
    </MobileShell>
  );
}

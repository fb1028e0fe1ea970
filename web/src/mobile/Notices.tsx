/**
 * 小区公示: the public notices in force for my compound (and the community, street and district
 * above it), then my compound's disclosure board — the 五亮 items with stale flags, 亮结果 from its
 * orders, and facility maintenance dates such as the elevators'.
 */
import { Alert, Skeleton } from 'antd';
import { ApiError } from '../lib/api';
import { useAsync } from '../lib/data';
import { useI18n } from '../lib/i18n';
import { useMessages } from '../lib/local-messages';
import { MobileShell } from './Shell';
import { getMyBoard, getMyNotices } from './supervision/board';
import { BoardView, NoticeList } from './supervision/BoardView';
import { NM } from './supervision/messages';

export default function Notices() {
  const t = useMessages(NM);
  const { lang } = useI18n();
  const board = useAsync(getMyBoard, []);
  // Without a home compound there is no board, but notices of the places above may still apply.
  const noBoard = board.error instanceof ApiError && board.error.status === 404;
  const notices = useAsync(() => (noBoard ? getMyNotices() : Promise.resolve(null)), [noBoard]);
  const list = board.data?.notices ?? notices.data ?? [];

  return (
    <MobileShell title={board.data ? `${t('title')} · ${board.data.compound.name}` : t('title')}>
      {board.loading && !board.data ? <Skeleton active /> : null}
      {board.error && !noBoard ? (
        <Alert type="error" showIcon title={t('loadFailed')} description={board.error instanceof ApiError ? board.error.text(lang) : String(board.error)} style={{ marginBottom: 12 }} />
      ) : null}
      {noBoard ? <Alert type="info" showIcon title={t('noCompound')} style={{ marginBottom: 12 }} /> : null}
      {board.data || notices.data ? (
        <section className="gz-m-card" aria-label={t('notices')}>
          <h2 style={{ fontSize: 16, margin: 0 }}>{t('notices')}</h2>
          <NoticeList notices={list} />
        </section>
      ) : null}
      {board.data ? <BoardView board={board.data} /> : null}
    </MobileShell>
  );
}

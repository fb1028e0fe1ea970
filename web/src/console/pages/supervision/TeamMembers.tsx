/**
 * A patrol team's members (supervisors and admins): search the staff of the area by name
 * (GET /api/staff), pick members and a leader, save with PUT /api/patrol-teams/:id/members.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Modal, Select, Space, Spin, Typography } from 'antd';
import { api, qs } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useRemoteSearch } from '../../../lib/search';
import { errorText, useT, type SKey } from './shared';

const ROLE_KEYS = ['supervisor', 'dispatcher', 'inspector', 'handler', 'organiser', 'admin'];

interface Staff {
  id: number;
  name: string;
  role: string;
  phone: string | null;
  placeName: string | null;
}
interface Member {
  userId: number;
  name: string;
  userRole: string;
  role: 'leader' | 'member';
}

export default function TeamMembers({ teamId, teamName, onClose, onDone }: { teamId: number; teamName: string; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<{ members: Member[] }>(`/api/patrol-teams/${teamId}`)
      .then((d) => setMembers(d.members))
      .catch((e: unknown) => setProblem(errorText(e, lang)));
  }, [teamId, lang]);
  const staff = useRemoteSearch(
    (q) =>
      api.get<Staff[]>(`/api/staff${qs({ q: q || undefined, limit: 20 })}`).catch((e: unknown) => {
        setProblem(errorText(e, lang));
        throw e;
      }),
    { askEmpty: true },
  );
  /** everyone offered so far, by id: a pick is named from here even once the list has moved on */
  const seen = useRef(new Map<number, Staff>());
  for (const s of staff.items) seen.current.set(s.id, s);
  const label = (s: { name: string; role: string; phone?: string | null }) =>
    `${s.name}（${ROLE_KEYS.includes(s.role) ? t(`pt.staffRole.${s.role}` as SKey) : s.role}${s.phone ? ` ${s.phone}` : ''}）`;
  const save = async () => {
    if (!members) return;
    setBusy(true);
    try {
      await api.put(`/api/patrol-teams/${teamId}/members`, { members: members.map((m) => ({ userId: m.userId, role: m.role })) });
      void message.success(t('pt.membersSaved'));
      onDone();
    } catch (e) {
      setProblem(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const options = [
    ...(members ?? []).map((m) => ({ value: m.userId, label: label({ name: m.name, role: m.userRole }) })),
    ...staff.items.filter((s) => !members?.some((m) => m.userId === s.id)).map((s) => ({ value: s.id, label: label(s) })),
  ];
  return (
    <Modal open title={`${t('pt.editMembers')} · ${teamName}`} onCancel={onClose} onOk={() => void save()} okButtonProps={{ loading: busy, disabled: !members }} destroyOnHidden>
      {!members && !problem ? <Spin /> : null}
      {members ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div role="group" aria-label={t('pt.memberPicker')}>
            <Typography.Text type="secondary">{t('pt.memberPicker')}</Typography.Text>
            <Select
              mode="multiple"
              showSearch={{ filterOption: false, onSearch: staff.search }}
              loading={staff.loading}
              notFoundContent={staff.notFound(undefined)}
              style={{ width: '100%' }}
              placeholder={t('pt.memberSearch')}
              value={members.map((m) => m.userId)}
              options={options}
              onChange={(ids: number[]) =>
                setMembers(
                  ids.map((id) => {
                    const had = members.find((m) => m.userId === id);
                    if (had) return had;
                    const s = seen.current.get(id)!;
                    return { userId: id, name: s.name, userRole: s.role, role: 'member' as const };
                  }),
                )
              }
            />
          </div>
          <div role="group" aria-label={t('pt.leader')}>
            <Typography.Text type="secondary">{t('pt.leader')}</Typography.Text>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('pt.leader')}
              value={members.find((m) => m.role === 'leader')?.userId}
              options={members.map((m) => ({ value: m.userId, label: m.name }))}
              onChange={(id?: number) => setMembers(members.map((m) => ({ ...m, role: m.userId === id ? 'leader' : 'member' })))}
            />
          </div>
        </Space>
      ) : null}
      {problem ? <Alert type="error" showIcon role="alert" title={problem} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}

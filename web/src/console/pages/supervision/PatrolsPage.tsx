/**
 * 每日巡查: the day's coverage (scheduled, done and missed checkpoints per route), the routes and
 * teams, and forms to form a team and lay out a route of checkpoints walked on given weekdays.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Select, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, qs } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { Link, navigate, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CompoundField, PageHead, RowsField, SubmitModal, requiredText } from './fields';
import { canWriteLedger, LoadError, UnitSelect, useT } from './shared';
import TeamMembers from './TeamMembers';

interface Coverage {
  routes: {
    routeId: number;
    name: string;
    teamName: string;
    weekdays: string;
    days: { day: string; scheduled: number; done: number; missed: number; hazards: number }[];
  }[];
  totals: { scheduled: number; done: number; missed: number; hazards: number };
}
interface RouteRow {
  id: number;
  name: string;
  weekdays: string;
  active: boolean;
  teamId: number;
  teamName: string;
  placeName: string;
  checkpointCount: number;
}
interface TeamRow {
  id: number;
  name: string;
  placeName: string;
  unitName: string | null;
  memberCount: number;
}

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "每天" or "一 三 五". */
export function useWeekdays() {
  const t = useT();
  const { lang } = useI18n();
  return (w: string) =>
    w.length === 7 ? t('pt.daily') : [...w].map((d) => (lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH)[Number(d)]).join(' ');
}

/** The checkpoint kinds the server knows (common/fieldwork.ts CHECKPOINT_KINDS). */
const CHECKPOINT_KINDS = ['heating_valve', 'pipe_well', 'flying_wire', 'fire_station', 'ebike_shed', 'environment', 'other'] as const;
function useKindOptions() {
  const t = useT();
  return CHECKPOINT_KINDS.map((value) => ({ value, label: t(`pk.${value}`) }));
}

function TeamForm({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  return (
    <SubmitModal<{ name: string; placeId: number; unitId?: number }>
      open={open}
      title={t('pt.newTeam')}
      onClose={onClose}
      onDone={onDone}
      success={t('pt.teamCreated')}
      send={(v) => api.post('/api/patrol-teams', { name: v.name, placeId: v.placeId, unitId: v.unitId ?? null, members: [] })}
    >
      <Form.Item name="name" label={t('pt.team')} rules={requiredText(t, t('pt.team'), 100)}>
        <Input />
      </Form.Item>
      <CompoundField />
      <Form.Item name="unitId" label={t('c.unit')}>
        <UnitSelect allowClear />
      </Form.Item>
    </SubmitModal>
  );
}

interface RouteValues {
  teamId: number;
  name: string;
  placeId: number;
  weekdays: string[];
  checkpoints?: { kind: string; name: string }[];
}

function RouteForm({ open, onClose, teams }: { open: boolean; onClose: () => void; teams: TeamRow[] }) {
  const t = useT();
  const { lang } = useI18n();
  const kinds = useKindOptions();
  const days = (lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH).map((label, i) => ({ value: String(i), label }));
  return (
    <SubmitModal<RouteValues, { id: number }>
      open={open}
      title={t('pt.newRoute')}
      onClose={onClose}
      success={t('pt.routeCreated')}
      send={(v) =>
        api.post<{ id: number }>('/api/patrol-routes', {
          teamId: v.teamId,
          name: v.name,
          placeId: v.placeId,
          weekdays: [...v.weekdays].sort().join(''),
          checkpoints: (v.checkpoints ?? []).map((c) => ({ kind: c.kind, name: c.name, placeId: v.placeId })),
        })
      }
      onDone={(r) => navigate(`/supervision/patrols/routes/${r.id}`)}
      width={680}
      initialValues={{ weekdays: ['0', '1', '2', '3', '4', '5', '6'], checkpoints: [{ kind: 'heating_valve', name: '' }] }}
    >
      <Form.Item name="teamId" label={t('pt.team')} rules={[{ required: true, message: t('c.required', { f: t('pt.team') }) }]}>
        <Select options={teams.map((x) => ({ value: x.id, label: x.name }))} />
      </Form.Item>
      <Form.Item name="name" label={t('pt.route')} rules={requiredText(t, t('pt.route'), 100)}>
        <Input />
      </Form.Item>
      <CompoundField />
      <Form.Item name="weekdays" label={t('pt.weekdays')} rules={[{ required: true, type: 'array', min: 1 }]}>
        <Checkbox.Group options={days} />
      </Form.Item>
      <RowsField
        name="checkpoints"
        min={0}
        addLabel={t('pt.addCheckpoint')}
        blank={{ kind: 'other', name: '' }}
        columns={[
          { key: 'kind', label: t('pt.kind'), rules: [{ required: true }], input: <Select options={kinds} style={{ width: 160 }} /> },
          {
            key: 'name',
            label: t('pt.checkpoint'),
            rules: requiredText(t, t('pt.checkpoint'), 200),
            input: <Input style={{ width: 300 }} />,
          },
        ]}
      />
    </SubmitModal>
  );
}

export default function PatrolsPage() {
  const t = useT();
  const me = useMe();
  const weekdays = useWeekdays();
  const [tab, setTab] = useSearchParam('tab', 'today');
  const [day, setDay] = useSearchParam('day', dayjs().format('YYYY-MM-DD'));
  const [missedOnly, setMissedOnly] = useState(false);
  const [dialog, setDialog] = useState<'route' | 'team' | null>(null);
  const [editing, setEditing] = useState<TeamRow | null>(null);
  const coverage = useAsync(
    () => api.get<Coverage>(`/api/patrol-coverage${qs({ from: day, to: day, missedOnly: missedOnly || undefined })}`),
    [day, missedOnly],
  );
  const routes = useAsync(() => api.get<RouteRow[]>('/api/patrol-routes?limit=500'), []);
  const teams = useAsync(() => api.get<TeamRow[]>('/api/patrol-teams?limit=500'), []);
  const writer = canWriteLedger(me.role);
  const rows = (coverage.data?.routes ?? []).map((r) => ({
    ...r,
    ...(r.days[0] ?? { day, scheduled: 0, done: 0, missed: 0, hazards: 0 }),
  }));

  return (
    <>
      <PageHead
        title={t('pt.title')}
        createLabel={t('pt.newRoute')}
        onCreate={writer ? () => setDialog('route') : undefined}
        extra={
          writer ? (
            <Button icon={<PlusOutlined />} onClick={() => setDialog('team')}>
              {t('pt.newTeam')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'today',
            label: t('pt.coverage'),
            children: (
              <>
                <Form layout="inline" style={{ marginBottom: 12 }}>
                  <Form.Item label={t('pt.day')} htmlFor="patrol-day">
                    <DatePicker
                      id="patrol-day"
                      allowClear={false}
                      value={dayjs(day)}
                      onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))}
                    />
                  </Form.Item>
                  <Form.Item>
                    <Checkbox checked={missedOnly} onChange={(e) => setMissedOnly(e.target.checked)}>
                      {t('pt.missedOnly')}
                    </Checkbox>
                  </Form.Item>
                </Form>
                {coverage.error ? <LoadError error={coverage.error} /> : null}
                {coverage.data ? (
                  <Alert
                    type={coverage.data.totals.missed ? 'warning' : 'success'}
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('pt.totals', {
                      s: coverage.data.totals.scheduled,
                      d: coverage.data.totals.done,
                      m: coverage.data.totals.missed,
                      h: coverage.data.totals.hazards,
                    })}
                  />
                ) : null}
                <Table
                  rowKey="routeId"
                  loading={coverage.loading}
                  dataSource={rows}
                  pagination={false}
                  aria-label={t('pt.coverage')}
                  columns={[
                    { title: t('pt.route'), render: (_, r) => <Link to={`/supervision/patrols/routes/${r.routeId}`}>{r.name}</Link> },
                    { title: t('pt.team'), dataIndex: 'teamName' },
                    { title: t('pt.weekdays'), render: (_, r) => weekdays(r.weekdays) },
                    { title: t('pt.scheduled'), dataIndex: 'scheduled', align: 'right' },
                    { title: t('pt.done'), dataIndex: 'done', align: 'right' },
                    { title: t('pt.missed'), align: 'right', render: (_, r) => (r.missed ? <Tag color="red">{r.missed}</Tag> : 0) },
                    { title: t('pt.hazards'), dataIndex: 'hazards', align: 'right' },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'routes',
            label: t('pt.routes'),
            children: (
              <Table<RouteRow>
                rowKey="id"
                loading={routes.loading}
                dataSource={routes.data ?? []}
                aria-label={t('pt.routes')}
                columns={[
                  { title: t('pt.route'), render: (_, r) => <Link to={`/supervision/patrols/routes/${r.id}`}>{r.name}</Link> },
                  { title: t('pt.team'), dataIndex: 'teamName' },
                  { title: t('c.place'), dataIndex: 'placeName' },
                  { title: t('pt.weekdays'), render: (_, r) => weekdays(r.weekdays) },
                  { title: t('pt.checkpoints'), dataIndex: 'checkpointCount', align: 'right' },
                ]}
              />
            ),
          },
          {
            key: 'teams',
            label: t('pt.teams'),
            children: (
              <Table<TeamRow>
                rowKey="id"
                loading={teams.loading}
                dataSource={teams.data ?? []}
                aria-label={t('pt.teams')}
                columns={[
                  { title: t('pt.team'), dataIndex: 'name' },
                  { title: t('c.place'), dataIndex: 'placeName' },
                  { title: t('c.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
                  { title: t('pt.members'), dataIndex: 'memberCount', align: 'right' },
                  ...(me.role === 'supervisor' || me.role === 'admin'
                    ? [
                        {
                          title: '',
                          key: 'edit',
                          render: (_: unknown, r: TeamRow) => (
                            <Button size="small" onClick={() => setEditing(r)} aria-label={`${t('pt.editMembers')} ${r.name}`}>
                              {t('pt.editMembers')}
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
        ]}
      />
      <TeamForm
        open={dialog === 'team'}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          teams.reload();
          setTab('teams');
        }}
      />
      {editing ? (
        <TeamMembers
          teamId={editing.id}
          teamName={editing.name}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            teams.reload();
          }}
        />
      ) : null}
      <RouteForm open={dialog === 'route'} onClose={() => setDialog(null)} teams={teams.data ?? []} />
    </>
  );
}

/** 民生项目: livelihood works with targets and progress figures (e.g. 2176 household meters in 7 days), tied to the problems they solve. */
import { Button, Form, Input, InputNumber, Progress } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { formatTime } from '../../../lib/format';
import { CompoundField, DateTimePicker, RowsField, SubmitModal, requiredText } from './fields';
import { ListWithCreate, type ListDialogProps } from './ListWithCreate';
import { UnitSelect, useT } from './shared';

interface Target {
  id: number;
  name: string;
  unitLabel: string;
  target: number;
  done: number;
  remaining: number;
  percent: number;
}
interface Project {
  id: number;
  title: string;
  placeName: string;
  unitName: string | null;
  startsAt: string | null;
  dueAt: string | null;
  targets: Target[];
  percent: number;
}

interface ProjectValues {
  title: string;
  description?: string;
  placeId: number;
  unitId?: number;
  dueAt?: Dayjs | null;
  targets: { name: string; unitLabel: string; target: number }[];
}

function ProjectForm({ open, onClose, onDone }: ListDialogProps & { open: boolean }) {
  const t = useT();
  return (
    <SubmitModal<ProjectValues>
      open={open}
      title={t('pj.new')}
      onClose={onClose}
      onDone={onDone}
      success={t('pj.created')}
      send={(v) =>
        api.post('/api/projects', {
          title: v.title,
          description: v.description ?? '',
          placeId: v.placeId,
          unitId: v.unitId ?? null,
          ...(v.dueAt ? { dueAt: v.dueAt.toISOString() } : {}),
          targets: v.targets,
        })
      }
      width={640}
      initialValues={{ targets: [{ name: '', unitLabel: '户', target: 1 }] }}
    >
      <Form.Item name="title" label={t('pj.name')} rules={requiredText(t, t('pj.name'), 200)}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('cp.description')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <CompoundField />
      <Form.Item name="unitId" label={t('c.unit')}>
        <UnitSelect allowClear />
      </Form.Item>
      <Form.Item name="dueAt" label={t('pj.due')}>
        <DateTimePicker />
      </Form.Item>
      <RowsField
        name="targets"
        addLabel={t('pj.addTarget')}
        blank={{ name: '', unitLabel: '', target: 1 }}
        columns={[
          {
            key: 'name',
            label: t('pj.targetName'),
            rules: requiredText(t, t('pj.targetName'), 50),
            input: <Input style={{ width: 200 }} />,
          },
          { key: 'target', label: t('pj.targetValue'), rules: [{ required: true }], input: <InputNumber min={0.01} /> },
          {
            key: 'unitLabel',
            label: t('pj.targetUnit'),
            rules: requiredText(t, t('pj.targetUnit'), 10),
            input: <Input style={{ width: 70 }} />,
          },
        ]}
      />
    </SubmitModal>
  );
}

function ProgressForm({ project, onClose, onDone }: ListDialogProps & { project: Project }) {
  const t = useT();
  return (
    <SubmitModal<{ amounts: Record<string, number | null>; note?: string }>
      title={`${t('pj.progress')} · ${project.title}`}
      onClose={onClose}
      onDone={onDone}
      success={t('pj.progressed')}
      send={(v) => {
        const entries = Object.entries(v.amounts ?? {})
          .filter(([, n]) => typeof n === 'number' && n > 0)
          .map(([targetId, amount]) => ({ targetId: Number(targetId), amount: amount! }));
        return api.post(`/api/projects/${project.id}/progress`, { entries, ...(v.note ? { note: v.note } : {}) });
      }}
    >
      {project.targets.map((x) => (
        <Form.Item key={x.id} name={['amounts', String(x.id)]} label={`${x.name}（${x.done}/${x.target}${x.unitLabel}）${t('pj.amount')}`}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      ))}
      <Form.Item name="note" label={t('c.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </SubmitModal>
  );
}

export default function ProjectsPage() {
  const t = useT();
  return (
    <ListWithCreate<Project>
      title={t('pj.title')}
      createLabel={t('pj.new')}
      url="/api/projects?limit=200"
      create={(p) => <ProjectForm {...p} />}
      rowDialog={(p, d) => <ProgressForm project={p} {...d} />}
      columns={(progress) => [
        { title: t('pj.name'), dataIndex: 'title' },
        { title: t('c.place'), dataIndex: 'placeName', width: 140 },
        { title: t('c.unit'), dataIndex: 'unitName', width: 180, render: (v: string | null) => v ?? '—' },
        { title: t('pj.due'), width: 150, render: (_, p) => formatTime(p.dueAt) },
        {
          title: t('pj.targets'),
          render: (_, p) =>
            p.targets.map((x) => (
              <div key={x.id}>
                {x.name} {x.done}/{x.target}
                {x.unitLabel} <Progress percent={x.percent} size="small" style={{ width: 140, display: 'inline-flex' }} />
              </div>
            )),
        },
        {
          title: '',
          width: 120,
          render: (_, p) => (
            <Button size="small" onClick={() => progress(p)} aria-label={`${t('pj.progress')} ${p.title}`}>
              {t('pj.progress')}
            </Button>
          ),
        },
      ]}
    />
  );
}

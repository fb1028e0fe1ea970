/**
 * 现场检查 (made for the inspector's phone): each check point of the template judged 合格/不合格
 * with a note and photos; on submit each failure becomes a rectification (台账) with a deadline.
 * Afterwards the page shows every round (检查-整改-复查) and offers the recheck (复查) of each
 * failed point once its rectification has been submitted.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { Link } from '../../../lib/router';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import { DateTimePicker, useFormSubmit } from './fields';
import { InspectionStatusTag } from './PlanPage';
import { errorText, LedgerStatusTag, LoadError, PhotoStrip, useT, type LedgerEntry } from './shared';

type Outcome = 'pass' | 'fail';

interface Check {
  id: number;
  itemId: number;
  round: number;
  outcome: Outcome;
  note: string;
  ledgerEntryId: number | null;
  recordedByName: string | null;
  recordedAt: string;
  attachments: { id: number; url: string }[];
}

interface Item {
  id: number;
  item: string;
  criterion: string;
  weight: number;
  outcome: Outcome | null;
  ledgerEntryId: number | null;
  history: Check[];
}

interface Inspection {
  id: number;
  planId: number;
  planName: string;
  planKind: string;
  compoundId: number;
  compoundName: string;
  status: 'pending' | 'rectifying' | 'passed';
  score: number | null;
  recordedAt: string | null;
  items: Item[];
}

interface Answer {
  outcome?: Outcome;
  note?: string;
  attachmentIds?: number[];
}

const label = (i: Item) => `${i.item}·${i.criterion}`;

/** The check points grouped by item (亮职责 → 全面, 清晰, 及时), in template order. */
function groups(items: Item[]) {
  const out: { item: string; points: Item[] }[] = [];
  for (const i of items) {
    const g = out.find((x) => x.item === i.item);
    if (g) g.points.push(i);
    else out.push({ item: i.item, points: [i] });
  }
  return out;
}

function OutcomeChoice({ name, value, onChange }: { name: string; value?: Outcome; onChange: (v: Outcome) => void }) {
  const t = useT();
  return (
    <Radio.Group
      value={value}
      onChange={(e) => onChange(e.target.value as Outcome)}
      optionType="button"
      buttonStyle="solid"
      size="large"
      aria-label={name}
      options={[
        { value: 'pass', label: t('k.pass') },
        { value: 'fail', label: t('k.fail'), style: value === 'fail' ? { background: '#cf1322', borderColor: '#cf1322' } : undefined },
      ]}
    />
  );
}

function Checklist({ ins, onDone }: { ins: Inspection; onDone: (i: Inspection) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [answers, setAnswers] = useState<Record<number, Answer>>({});
  const [deadline, setDeadline] = useState<Dayjs | null>(() => dayjs().add(7, 'day').hour(18).minute(0).second(0));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (id: number, patch: Answer) => {
    setProblem(null);
    setAnswers((a) => ({ ...a, [id]: { ...a[id], ...patch } }));
  };
  const decided = ins.items.filter((i) => answers[i.id]?.outcome).length;

  const submit = async () => {
    const undecided = ins.items.length - decided;
    if (undecided) return setProblem(t('k.undecided', { n: undecided }));
    if (ins.items.some((i) => answers[i.id]?.outcome === 'fail' && !answers[i.id]?.note?.trim())) return setProblem(t('k.failNeedsNote'));
    setProblem(null);
    setBusy(true);
    try {
      const results = ins.items.map((i) => {
        const a = answers[i.id]!;
        return {
          itemId: i.id,
          outcome: a.outcome!,
          ...(a.note?.trim() ? { note: a.note.trim() } : {}),
          ...(a.attachmentIds?.length ? { attachmentIds: a.attachmentIds } : {}),
        };
      });
      const failures = results.some((r) => r.outcome === 'fail');
      const next = await api.post<Inspection>(`/api/inspections/${ins.id}/results`, {
        results,
        ...(failures && deadline ? { deadline: deadline.toISOString() } : {}),
      });
      void message.success(t('k.recorded'));
      onDone(next);
    } catch (e) {
      setProblem(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('k.progress', { d: decided, n: ins.items.length })}</Typography.Text>
        <Button
          onClick={() =>
            setAnswers((a) => Object.fromEntries(ins.items.map((i) => [i.id, { ...a[i.id], outcome: a[i.id]?.outcome ?? 'pass' }])))
          }
        >
          {t('k.allPass')}
        </Button>
      </Space>
      {groups(ins.items).map((g) => (
        <Card key={g.item} size="small" title={g.item} style={{ marginBottom: 12 }}>
          {g.points.map((i) => {
            const a = answers[i.id] ?? {};
            const name = label(i);
            return (
              <fieldset key={i.id} style={{ border: 0, borderBottom: '1px solid #f0f0f0', padding: '8px 0', margin: 0 }} aria-label={name}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                  <legend style={{ fontSize: 15, margin: 0, width: 'auto', border: 0 }}>
                    {i.criterion}
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                      ({t('i.weight')} {i.weight})
                    </Typography.Text>
                  </legend>
                  <OutcomeChoice name={name} value={a.outcome} onChange={(v) => set(i.id, { outcome: v })} />
                </Space>
                {a.outcome === 'fail' ? (
                  <div style={{ marginTop: 8 }}>
                    <Input.TextArea
                      rows={2}
                      maxLength={1000}
                      value={a.note}
                      onChange={(e) => set(i.id, { note: e.target.value })}
                      placeholder={t('k.notePh')}
                      aria-label={t('k.noteLabel', { i: name })}
                    />
                    <div style={{ marginTop: 8 }} aria-label={t('k.photoLabel', { i: name })} role="group">
                      <LazyPhotoUpload value={a.attachmentIds} onChange={(ids) => set(i.id, { attachmentIds: ids })} />
                    </div>
                  </div>
                ) : null}
              </fieldset>
            );
          })}
        </Card>
      ))}
      {ins.items.some((i) => answers[i.id]?.outcome === 'fail') ? (
        <Form layout="vertical">
          <Form.Item label={t('k.deadline')} htmlFor="inspection-deadline">
            <DatePicker
              id="inspection-deadline"
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              value={deadline}
              onChange={setDeadline}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
      ) : null}
      {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} role="alert" /> : null}
      <Button type="primary" size="large" block loading={busy} onClick={() => void submit()}>
        {t('k.record')}
      </Button>
    </>
  );
}

function RecheckForm({ ins, item, onDone }: { ins: Inspection; item: Item; onDone: (i: Inspection) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: Outcome; note?: string; attachmentIds?: number[]; deadline?: Dayjs | null }>();
  const outcome = Form.useWatch('outcome', form);
  const name = label(item);
  const { busy, submit } = useFormSubmit<{ outcome: Outcome; note?: string; attachmentIds?: number[]; deadline?: Dayjs | null }>(
    form,
    async (v) => {
      const next = await api.post<Inspection>(`/api/inspections/${ins.id}/items/${item.id}/recheck`, {
        outcome: v.outcome,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
        ...(v.outcome === 'fail' && v.deadline ? { deadline: v.deadline.toISOString() } : {}),
      });
      void message.success(t('k.rechecked'));
      form.resetFields();
      onDone(next);
    },
  );
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      style={{ marginTop: 8, background: '#fafafa', padding: 8, borderRadius: 6 }}
      aria-label={t('k.recheckOf', { i: name })}
    >
      <Form.Item
        name="outcome"
        label={t('k.recheckOf', { i: name })}
        rules={[{ required: true, message: t('c.required', { f: t('k.recheck') }) }]}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'pass', label: t('k.pass') },
            { value: 'fail', label: t('k.fail') },
          ]}
        />
      </Form.Item>
      <Form.Item name="note" label={t('c.note')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('c.photos')}>
        <LazyPhotoUpload />
      </Form.Item>
      {outcome === 'fail' ? (
        <Form.Item name="deadline" label={t('k.recheckNewDeadline')}>
          <DateTimePicker />
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('k.recheck')}
      </Button>
    </Form>
  );
}

function Results({ ins, onChange }: { ins: Inspection; onChange: (i: Inspection) => void }) {
  const t = useT();
  const entryIds = useMemo(() => [...new Set(ins.items.map((i) => i.ledgerEntryId).filter((x): x is number => x !== null))], [ins]);
  // One request for the inspection's rectifications (the ledger list filtered by inspection).
  const entries = useAsync(
    () =>
      entryIds.length
        ? api
            .get<{ total: number; rows: LedgerEntry[] }>(`/api/ledger?inspectionId=${ins.id}&limit=200`)
            .then((list) => new Map(list.rows.map((e) => [e.id, e])))
        : Promise.resolve(new Map<number, LedgerEntry>()),
    [ins.id, entryIds.join(','), ins.status, ins.items.map((i) => i.history.length).join(',')],
  );
  return (
    <>
      <Alert type="info" title={t('k.readonly')} style={{ marginBottom: 12 }} />
      {groups(ins.items).map((g) => (
        <Card key={g.item} size="small" title={g.item} style={{ marginBottom: 12 }}>
          {g.points.map((i) => {
            const entry = i.ledgerEntryId ? entries.data?.get(i.ledgerEntryId) : undefined;
            return (
              <section key={i.id} aria-label={label(i)} style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                  <span>{i.criterion}</span>
                  {i.outcome === 'pass' ? (
                    <Tag color="green">{t('k.pass')}</Tag>
                  ) : i.outcome === 'fail' ? (
                    <Tag color="red">{t('k.fail')}</Tag>
                  ) : null}
                </Space>
                {i.history.some((h) => h.outcome === 'fail') ? (
                  <ol aria-label={`${t('k.history')} ${label(i)}`} style={{ paddingLeft: 18, margin: '6px 0' }}>
                    {i.history.map((h) => (
                      <li key={h.id}>
                        <Typography.Text strong>
                          {h.round === 1 ? t('k.round1') : `${t('k.roundN')}（${t('k.round', { n: h.round })}）`}
                        </Typography.Text>{' '}
                        <Tag color={h.outcome === 'pass' ? 'green' : 'red'}>{h.outcome === 'pass' ? t('k.pass') : t('k.fail')}</Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {h.recordedByName ?? ''} · {formatTime(h.recordedAt)}
                        </Typography.Text>
                        {h.note ? <div>{h.note}</div> : null}
                        <PhotoStrip photos={h.attachments} alt={`${label(i)} ${t('c.photos')}`} />
                      </li>
                    ))}
                  </ol>
                ) : null}
                {i.ledgerEntryId ? (
                  <div>
                    {t('k.rectification')}: <Link to={`/supervision/ledger/${i.ledgerEntryId}`}>#{i.ledgerEntryId}</Link>{' '}
                    {entry ? <LedgerStatusTag status={entry.status} /> : null}
                  </div>
                ) : null}
                {i.outcome === 'fail' && entry ? (
                  entry.status === 'awaiting_recheck' ? (
                    <RecheckForm ins={ins} item={i} onDone={onChange} />
                  ) : entry.status !== 'closed' ? (
                    <Typography.Text type="secondary">{t('k.recheckWaiting', { s: t(`st.${entry.status}`) })}</Typography.Text>
                  ) : null
                ) : null}
              </section>
            );
          })}
        </Card>
      ))}
    </>
  );
}

export default function InspectionPage({ id }: { id: number }) {
  const t = useT();
  const loaded = useAsync(() => api.get<Inspection>(`/api/inspections/${id}`), [id]);
  const [ins, setIns] = useState<Inspection | null>(null);
  useEffect(() => {
    if (loaded.data) setIns(loaded.data);
  }, [loaded.data]);
  if (loaded.error && !ins) return <LoadError error={loaded.error} back="/supervision/inspections/mine" />;
  if (!ins) return <Skeleton active />;
  return (
    <div style={{ maxWidth: 720 }}>
      <Typography.Text type="secondary">
        <Link to={`/supervision/inspections/plans/${ins.planId}`}>{ins.planName}</Link>
      </Typography.Text>
      <Typography.Title level={3} style={{ marginTop: 4 }}>
        {ins.compoundName}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <InspectionStatusTag status={ins.status} />
        {ins.score !== null ? (
          <Tag color="blue">
            {t('i.score')} {ins.score}
          </Tag>
        ) : null}
        {ins.recordedAt ? <Typography.Text type="secondary">{formatTime(ins.recordedAt)}</Typography.Text> : null}
      </Space>
      {ins.status === 'pending' ? <Checklist ins={ins} onDone={setIns} /> : <Results ins={ins} onChange={setIns} />}
    </div>
  );
}

/**
 * Create an activity (kind, place, sessions, capacity, points per hour or per attendance with a
 * cap, review and notice) or edit one (wording, capacity, notice; cancel or reopen). A session
 * can repeat on following days, which is how a 20-day class is entered in one line.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Popconfirm, Radio, Row, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useAsync } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { useI18n } from '../../../lib/i18n';
import { navigate } from '../../../lib/router';
import { useSession } from '../../../lib/session';
import { PlaceSearch } from '../../components/PlaceSearch';
import { ACTIVITY_KINDS, cogov, type ActivityDto, type CreateActivity } from './api';
import { LoadError, useT } from './shared';
import { expandSlots, type Slot } from './slots';

/** The form: the create request, with repeating slots in place of the sessions they expand to. */
type Values = Omit<CreateActivity, 'sessions' | 'reviewRequired' | 'noticeDays'> & { reviewRequired: boolean; noticeDays: number; slots: Slot[] };


export default function ActivityForm({ id }: { id?: number }) {
  const t = useT();
  const { lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const existing = useAsync(() => (id ? cogov.activity(id) : Promise.resolve(null)), [id]);
  const kind = Form.useWatch('kind', form);
  const slots = Form.useWatch('slots', form);
  const count = useMemo(() => expandSlots(slots ?? []).length, [slots]);

  const initial = useMemo(() => (me?.placeId && me.placeName ? { value: me.placeId, label: me.placeName } : null), [me]);

  const submitCreate = async (v: Values) => {
    const sessions = expandSlots(v.slots);
    const body = {
      kind: v.kind,
      title: v.title.trim(),
      description: v.description?.trim() ?? '',
      placeId: v.placeId,
      capacity: v.capacity,
      pointsMode: v.pointsMode,
      pointsRate: v.pointsRate,
      pointsCap: v.pointsCap,
      reviewRequired: v.reviewRequired,
      noticeDays: v.noticeDays,
      ...(v.kind === 'class' ? { completionPercent: v.completionPercent ?? 80 } : {}),
      sessions,
    };
    const a = await cogov.create(body);
    message.success(t('created'));
    navigate(`/cogov/activities/${a.id}`);
  };

  const submitEdit = async (a: ActivityDto, v: Values) => {
    await cogov.update(a.id, { title: v.title.trim(), description: v.description?.trim() ?? '', capacity: v.capacity, noticeDays: v.noticeDays });
    message.success(t('saved'));
    navigate(`/cogov/activities/${a.id}`);
  };

  const onFinish = async (v: Values) => {
    setBusy(true);
    setFormError(null);
    try {
      if (existing.data) await submitEdit(existing.data, v);
      else await submitCreate(v);
    } catch (err) {
      setFormError(applyFormError(form, err, lang, { sessions: 'slots' }));
    } finally {
      setBusy(false);
    }
  };

  const setStatus = async (a: ActivityDto, status: 'open' | 'cancelled') => {
    try {
      await cogov.update(a.id, { status });
      message.success(t('saved'));
      existing.reload();
    } catch (err) {
      setFormError(applyFormError(form, err, lang));
    }
  };

  if (id && !existing.data) return <Card loading={existing.loading}><LoadError error={existing.error} /></Card>;
  const a = existing.data ?? null;

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{a ? `${t('editActivity')} · ${a.title}` : t('newActivity')}</Typography.Title>}
      extra={
        a ? (
          a.status === 'open' ? (
            <Popconfirm title={t('cancelConfirm')} onConfirm={() => void setStatus(a, 'cancelled')}>
              <Button danger>{t('cancelActivity')}</Button>
            </Popconfirm>
          ) : (
            <Button onClick={() => void setStatus(a, 'open')}>{t('reopen')}</Button>
          )
        ) : null
      }
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 880 }}
        onFinish={(v) => void onFinish(v)}
        // Enter in a date picker confirms the date; it must not also submit the whole form.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).closest('.ant-picker')) e.preventDefault();
        }}
        initialValues={
          a
            ? { title: a.title, description: a.description, capacity: a.capacity, noticeDays: a.noticeDays }
            : {
                kind: 'duty',
                pointsMode: 'per_hour',
                pointsRate: 10,
                pointsCap: 100,
                capacity: 20,
                reviewRequired: false,
                noticeDays: 3,
                completionPercent: 80,
                placeId: me?.placeId ?? undefined,
                slots: [{ days: 1 }],
              }
        }
      >
        {!a ? (
          <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item name="title" label={t('title')} rules={[{ required: true, min: 2, max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            {!a ? (
              <Form.Item name="placeId" label={t('place')} rules={[{ required: true }]}>
                <PlaceSearch initial={initial} placeholder={t('placeSearch')} />
              </Form.Item>
            ) : (
              <Form.Item label={t('place')}>
                <Input value={a.placeName} disabled />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item name="description" label={t('description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="capacity" label={t('capacity')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="noticeDays" label={t('noticeDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {!a ? (
            <Col xs={24} md={12}>
              <Form.Item name="reviewRequired" label=" " valuePropName="checked">
                <Checkbox>{t('reviewRequired')}</Checkbox>
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        {!a ? (
          <>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="pointsMode" label={t('pointsMode')} rules={[{ required: true }]}>
                  <Radio.Group options={(['per_hour', 'per_attendance'] as const).map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="pointsRate" label={t('pointsRate')} rules={[{ required: true }]}>
                  <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="pointsCap" label={t('pointsCap')} rules={[{ required: true }]}>
                  <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            {kind === 'class' ? (
              <Form.Item name="completionPercent" label={t('completionPercent')} rules={[{ required: true }]}>
                <InputNumber min={1} max={100} precision={0} />
              </Form.Item>
            ) : null}
            <Typography.Title level={5}>
              {t('sessions')} <Typography.Text type="secondary">（{t('sessionCount', { n: count })}）</Typography.Text>
            </Typography.Title>
            <Form.List name="slots">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="start" wrap>
                      <Form.Item name={[f.name, 'start']} label={t('sessionStart')} rules={[{ required: true }]}>
                        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'end']}
                        label={t('sessionEnd')}
                        dependencies={[['slots', f.name, 'start']]}
                        rules={[
                          { required: true },
                          ({ getFieldValue }) => ({
                            validator: (_, v: Dayjs | undefined) => {
                              const s = getFieldValue(['slots', f.name, 'start']) as Dayjs | undefined;
                              return !v || !s || v.valueOf() > s.valueOf() ? Promise.resolve() : Promise.reject(new Error(t('endBeforeStart')));
                            },
                          }),
                        ]}
                      >
                        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'days']} label={t('repeatDays')}>
                        <InputNumber min={1} max={60} precision={0} />
                      </Form.Item>
                      {fields.length > 1 ? (
                        <Form.Item label=" ">
                          <Button icon={<DeleteOutlined />} aria-label={t('removeSlot')} onClick={() => remove(f.name)} />
                        </Form.Item>
                      ) : null}
                    </Space>
                  ))}
                  <Form.Item>
                    <Button icon={<PlusOutlined />} onClick={() => add({ days: 1 })}>
                      {t('addSlot')}
                    </Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
          </>
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {a ? t('save') : t('create')}
          </Button>
          <Button onClick={() => navigate(a ? `/cogov/activities/${a.id}` : '/cogov/activities')}>{t('back')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

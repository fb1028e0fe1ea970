/** 节假日: holidays and make-up working days (调休) per year; working-day deadlines count on them. */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Calendar, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { useI18n } from '../../../lib/i18n';

interface Day {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export default function CalendarAdmin() {
  const { t } = useI18n();
  const [year, setYear] = useState(() => dayjs().year());
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const days = useAsync(() => api.get<Day[]>(`/api/calendar?year=${year}`), [year]);
  const byDate = useMemo(() => new Map((days.data ?? []).map((d) => [d.date, d])), [days.data]);
  const [editing, setEditing] = useState<string | null>(null);
  const saved = () => {
    setEditing(null);
    days.reload();
  };

  const years = [year - 1, year, year + 1].map((y) => ({ value: y, label: String(y) }));

  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Card size="small">
          <Calendar
            value={month}
            onPanelChange={(d) => {
              setMonth(d);
              if (d.year() !== year) setYear(d.year());
            }}
            onSelect={(d, info) => {
              setMonth(d);
              if (d.year() !== year) setYear(d.year());
              if (info.source === 'date') setEditing(d.format('YYYY-MM-DD'));
            }}
            cellRender={(d, info) => {
              if (info.type !== 'date') return info.originNode;
              const e = byDate.get(d.format('YYYY-MM-DD'));
              if (!e) return null;
              return (
                <Tag color={e.kind === 'holiday' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>
                  {e.kind === 'holiday' ? t('calendar.off') : t('calendar.work')} {e.name}
                </Tag>
              );
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card
          size="small"
          title={t('calendar.yearList', { year })}
          extra={<Select aria-label={t('calendar.year')} value={year} options={years} onChange={(y: number) => { setYear(y); setMonth(month.year(y)); }} />}
        >
          <Typography.Paragraph type="secondary">{t('calendar.help')}</Typography.Paragraph>
          <Table<Day>
            rowKey="date"
            size="small"
            loading={days.loading}
            dataSource={days.data}
            pagination={false}
            scroll={{ y: 460 }}
            columns={[
              { title: t('calendar.date'), dataIndex: 'date', width: 110 },
              { title: t('calendar.kind'), dataIndex: 'kind', width: 90, render: (k: Day['kind']) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{k === 'holiday' ? t('calendar.holiday') : t('calendar.workday')}</Tag> },
              { title: t('admin.name'), dataIndex: 'name' },
              {
                title: '',
                key: 'a',
                width: 64,
                render: (_, d) => (
                  <Button size="small" onClick={() => setEditing(d.date)} aria-label={`${t('common.edit')} ${d.date}`}>
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      {editing ? <DayDialog key={editing} date={editing} day={byDate.get(editing)} onClose={() => setEditing(null)} onSaved={saved} /> : null}
    </Row>
  );
}

/**
 * One day's entry. Mounted afresh for each day opened, so the form starts from that day's values
 * (or a new holiday) and nothing typed can be overwritten by a late reset.
 */
function DayDialog({ date, day, onClose, onSaved }: { date: string; day: Day | undefined; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: 'holiday' | 'workday'; name: string }>();
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await api.put(`/api/admin/calendar/days/${date}`, { kind: v.kind, name: v.name.trim() });
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      setError(applyFormError(form, e, lang));
    }
  };

  const remove = async () => {
    try {
      await api.del(`/api/admin/calendar/days/${date}`);
      void message.success(t('common.deleted'));
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };

  return (
    <Modal
      open
      title={date}
      onCancel={onClose}
      footer={
        <Space>
          {day ? (
            <Button danger onClick={() => void remove()}>
              {t('calendar.clear')}
            </Button>
          ) : null}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" name="calendar-day" initialValues={day ? { kind: day.kind, name: day.name } : { kind: 'holiday', name: '' }}>
        <Form.Item name="kind" label={t('calendar.kind')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('calendar.holiday') },
              { value: 'workday', label: t('calendar.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }, { max: 50 }]}>
          <Input maxLength={50} placeholder={t('calendar.namePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

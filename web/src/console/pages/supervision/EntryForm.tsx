/** The dialog that opens a ledger entry (台账): where, what, who answers for it, what is to be done, by when. */
import { App, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { FormModal, PlaceFields, ResponsibilityFields, useFormSubmit } from './fields';
import { useT, type LedgerDetail } from './shared';

interface Values {
  title: string;
  compoundId?: number;
  buildingId?: number;
  categoryId?: number;
  unitId?: number;
  responsiblePerson?: string;
  measures?: string;
  deadline?: Dayjs | null;
}

export function EntryForm(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (e: LedgerDetail) => void;
  problemId?: number;
  initial?: { compound?: { value: number; label: string } | null; categoryId?: number | null; title?: string };
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, submit } = useFormSubmit<Values>(
    form,
    async (v) => {
      const entry = await api.post<LedgerDetail>('/api/ledger', {
        title: v.title,
        placeId: v.buildingId ?? v.compoundId,
        problemId: props.problemId ?? null,
        categoryId: v.categoryId ?? null,
        unitId: v.unitId ?? null,
        responsiblePerson: v.responsiblePerson || null,
        measures: v.measures ?? '',
        deadline: v.deadline ? v.deadline.toISOString() : null,
      });
      void message.success(t('l.created'));
      form.resetFields();
      props.onCreated(entry);
    },
    { placeId: 'compoundId' },
  );

  return (
    <FormModal
      open={props.open}
      title={t('l.new')}
      form={form}
      busy={busy}
      onClose={props.onClose}
      onFinish={submit}
      width={640}
      initialValues={{
        title: props.initial?.title,
        compoundId: props.initial?.compound?.value,
        categoryId: props.initial?.categoryId ?? undefined,
      }}
    >
      <Form.Item
        name="title"
        label={t('l.titleLabel')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('l.titleLabel') }) }, { max: 200 }]}
      >
        <Input />
      </Form.Item>
      <PlaceFields form={form} initialCompound={props.initial?.compound} />
      <ResponsibilityFields />
    </FormModal>
  );
}

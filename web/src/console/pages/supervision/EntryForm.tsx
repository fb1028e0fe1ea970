/** The dialog that opens a ledger entry (台账): where, what, who answers for it, what is to be done, by when. */
import { Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { PlaceFields, ResponsibilityFields, SubmitModal, requiredText } from './fields';
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
  return (
    <SubmitModal<Values, LedgerDetail>
      open={props.open}
      title={t('l.new')}
      onClose={props.onClose}
      success={t('l.created')}
      send={(v) =>
        api.post<LedgerDetail>('/api/ledger', {
          title: v.title,
          placeId: v.buildingId ?? v.compoundId,
          problemId: props.problemId ?? null,
          categoryId: v.categoryId ?? null,
          unitId: v.unitId ?? null,
          responsiblePerson: v.responsiblePerson || null,
          measures: v.measures ?? '',
          deadline: v.deadline ? v.deadline.toISOString() : null,
        })
      }
      onDone={props.onCreated}
      aliases={{ placeId: 'compoundId' }}
      width={640}
      initialValues={{
        title: props.initial?.title,
        compoundId: props.initial?.compound?.value,
        categoryId: props.initial?.categoryId ?? undefined,
      }}
    >
      <Form.Item name="title" label={t('l.titleLabel')} rules={requiredText(t, t('l.titleLabel'), 200)}>
        <Input />
      </Form.Item>
      <PlaceFields initialCompound={props.initial?.compound} />
      <ResponsibilityFields />
    </SubmitModal>
  );
}

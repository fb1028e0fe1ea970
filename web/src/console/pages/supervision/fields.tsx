/** Form pieces several supervision dialogs share: submit with errors under their fields, the dialog frame, place and responsibility fields. */
import { useState, type ReactNode } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Space, Table, Typography, type FormInstance, type TableProps } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Rule } from 'antd/es/form';
import { getCategories, useAsync, type AsyncState } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { useI18n } from '../../../lib/i18n';
import { CategorySelect } from '../../components/CategorySelect';
import { BuildingSelect, CompoundSelect } from '../../components/PlacePicker';
import { LoadError, UnitSelect, useT } from './shared';

/**
 * Runs a form's request with a busy flag; an API error lands under the field it names (after
 * `aliases`), anything else in a message.
 */
export function useFormSubmit<V>(form: FormInstance, fn: (v: V) => Promise<unknown>, aliases: Record<string, string> = {}) {
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (v: V) => {
    setBusy(true);
    try {
      await fn(v);
    } catch (e) {
      const rest = applyFormError(form, e, lang, aliases);
      if (rest) void message.error(rest);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit: (v: V) => void submit(v) };
}

/** A dialog around a vertical form: OK submits the form, Cancel closes, closing forgets the fields. */
export function FormModal<V>(props: {
  open: boolean;
  title: string;
  okText?: string;
  form: FormInstance;
  busy: boolean;
  onClose: () => void;
  onFinish: (v: V) => void;
  initialValues?: object;
  width?: number;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText ?? t('c.save')}
      cancelText={t('c.cancel')}
      confirmLoading={props.busy}
      onCancel={props.onClose}
      onOk={() => props.form.submit()}
      destroyOnHidden
      width={props.width}
    >
      <Form form={props.form} layout="vertical" onFinish={props.onFinish} initialValues={props.initialValues}>
        {props.children}
      </Form>
    </Modal>
  );
}

/**
 * A form dialog that sends its values: busy while sending, an error under the field it names,
 * the success message, then the fields cleared and `onDone` with the answer. Open unless told otherwise.
 */
export function SubmitModal<V, R = unknown>({
  open = true,
  send,
  success,
  onDone,
  aliases,
  children,
  ...modal
}: {
  open?: boolean;
  title: string;
  okText?: string;
  width?: number;
  initialValues?: object;
  onClose: () => void;
  send: (v: V) => Promise<R>;
  success: string;
  onDone: (answer: R) => void;
  aliases?: Record<string, string>;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<V>(
    form,
    async (v) => {
      const answer = await send(v);
      void message.success(success);
      form.resetFields();
      onDone(answer);
    },
    aliases,
  );
  return (
    <FormModal open={open} form={form} busy={busy} onFinish={submit} {...modal}>
      {children}
    </FormModal>
  );
}

/** Compound (required), building (optional) and category fields; `initialCompound` labels a preset compound. */
export function PlaceFields({ initialCompound }: { initialCompound?: { value: number; label: string } | null }) {
  const t = useT();
  const form = Form.useFormInstance();
  const categories = useAsync(getCategories, []);
  const compoundId = Form.useWatch('compoundId', form) as number | undefined;
  return (
    <>
      <Form.Item name="compoundId" label={t('c.compound')} rules={[{ required: true, message: t('c.required', { f: t('c.compound') }) }]}>
        <CompoundSelect initialOption={initialCompound ?? null} onChange={() => form.setFieldValue('buildingId', undefined)} />
      </Form.Item>
      <Form.Item name="buildingId" label={t('c.building')}>
        <BuildingSelect compoundId={compoundId} />
      </Form.Item>
      <Form.Item name="categoryId" label={t('c.category')}>
        <CategorySelect categories={categories.data} allowClear />
      </Form.Item>
    </>
  );
}

/** Who answers for an entry, what is to be done and by when. */
export function ResponsibilityFields() {
  const t = useT();
  return (
    <>
      <Form.Item name="unitId" label={t('c.unit')}>
        <UnitSelect allowClear />
      </Form.Item>
      <Form.Item name="responsiblePerson" label={t('l.person')} rules={[{ max: 64 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="measures" label={t('l.measures')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="deadline" label={t('c.deadline')}>
        <DateTimePicker />
      </Form.Item>
    </>
  );
}

/** A date and minute picker (Shanghai wall-clock as the browser shows it). */
export function DateTimePicker(props: {
  id?: string;
  value?: import('dayjs').Dayjs | null;
  onChange?: (v: import('dayjs').Dayjs | null) => void;
}) {
  return (
    <DatePicker
      id={props.id}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
    />
  );
}

/** A page title with, for those who may, the button that creates one more. */
export function PageHead({
  title,
  createLabel,
  onCreate,
  extra,
}: {
  title: string;
  createLabel?: string;
  onCreate?: () => void;
  extra?: ReactNode;
}) {
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Space wrap>
        {extra}
        {onCreate && createLabel ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
            {createLabel}
          </Button>
        ) : null}
      </Space>
    </Space>
  );
}

/** A table of one request's rows, or the error that request met. */
export function AsyncTable<T extends object>({
  state,
  label,
  ...rest
}: { state: AsyncState<T[]>; label: string } & Omit<TableProps<T>, 'dataSource' | 'loading'>) {
  if (state.error) return <LoadError error={state.error} />;
  return <Table<T> rowKey="id" loading={state.loading} dataSource={state.data ?? []} aria-label={label} {...rest} />;
}

/** A required compound, picked by typing its name. */
export function CompoundField({ name = 'placeId' }: { name?: string }) {
  const t = useT();
  return (
    <Form.Item name={name} label={t('c.compound')} rules={[{ required: true, message: t('c.required', { f: t('c.compound') }) }]}>
      <CompoundSelect />
    </Form.Item>
  );
}

/** Rules of a required text of at most `max` characters, the message naming the field. */
export function requiredText(t: ReturnType<typeof useT>, label: string, max: number) {
  return [{ required: true, whitespace: true, message: t('c.required', { f: label }) }, { max }];
}

export interface RowColumn {
  key: string;
  label: string;
  rules?: Rule[];
  input: ReactNode;
}

/** An editable list of rows (template items, checkpoints, quantity kinds, parties, targets): one labelled field per column, remove and add. */
export function RowsField({
  name,
  columns,
  blank,
  addLabel,
  min = 1,
}: {
  name: string;
  columns: RowColumn[];
  blank: object;
  addLabel: string;
  min?: number;
}) {
  const t = useT();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Space key={f.key} align="start" wrap>
              {columns.map((c) => (
                <Form.Item key={c.key} name={[f.name, c.key]} label={`${c.label} ${i + 1}`} rules={c.rules}>
                  {c.input}
                </Form.Item>
              ))}
              {fields.length > min ? (
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('i.removeItem', { n: i + 1 })}
                  onClick={() => remove(f.name)}
                  style={{ marginTop: 30 }}
                />
              ) : null}
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(blank)} block style={{ marginBottom: 12 }}>
            {addLabel}
          </Button>
        </>
      )}
    </Form.List>
  );
}

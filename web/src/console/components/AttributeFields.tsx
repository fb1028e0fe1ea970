/** A category's extra questions (Open311 attributes) as form fields, loaded only for categories that ask them. */
import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import type { CategoryField } from '../../lib/data';
import { useI18n } from '../../lib/i18n';

function AttributeField({ f }: { f: CategoryField }) {
  const { lang, t } = useI18n();
  const label = lang === 'en' ? f.labelEn || f.label : f.label;
  const rules = [{ required: f.required, message: t('intake.fieldRequired', { field: label }) }];
  const common = { name: ['attributes', f.code], label, rules, extra: f.description ?? undefined };
  switch (f.datatype) {
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'datetime':
      return (
        <Form.Item {...common}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item {...common}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      );
    case 'singlevaluelist':
      return (
        <Form.Item {...common}>
          <Select allowClear options={f.values.map((v) => ({ value: v.key, label: v.name }))} />
        </Form.Item>
      );
    case 'multivaluelist':
      return (
        <Form.Item {...common}>
          <Select mode="multiple" options={f.values.map((v) => ({ value: v.key, label: v.name }))} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input maxLength={200} />
        </Form.Item>
      );
  }
}

export default function AttributeFields({ fields }: { fields: CategoryField[] }) {
  return (
    <Row gutter={12}>
      {fields.map((f) => (
        <Col xs={24} md={12} key={f.code}>
          <AttributeField f={f} />
        </Col>
      ))}
    </Row>
  );
}

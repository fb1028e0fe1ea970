/** 我要反映: category, compound and building (home by default), what happened, up to 9 photos, anonymous. */
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Result } from 'antd';
import { api } from '../lib/api';
import { getCategories, useAsync, type OrderDetailDto } from '../lib/data';
import { applyFormError } from '../lib/form-errors';
import { titleFrom } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { navigate } from '../lib/router';
import { useMe } from '../lib/session';
import { CategorySelect } from '../console/components/CategorySelect';
import { BuildingSelect, compoundOf, CompoundSelect } from '../console/components/PlacePicker';
import { PhotoUpload } from '../console/components/PhotoUpload';
import { MobileShell } from './Shell';

interface Values {
  categoryId?: number;
  compoundId?: number;
  buildingId?: number;
  text?: string;
  attachmentIds?: number[];
  anonymous?: boolean;
}

export default function SubmitPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const categories = useAsync(getCategories, []);
  const home = useAsync(() => (me.placeId ? compoundOf(me.placeId) : Promise.resolve(null)), [me.placeId]);
  const compoundId = Form.useWatch('compoundId', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<OrderDetailDto | null>(null);

  useEffect(() => {
    if (home.data?.compound && form.getFieldValue('compoundId') === undefined) {
      form.setFieldsValue({ compoundId: home.data.compound.value, buildingId: home.data.building?.value });
    }
  }, [home.data, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const cat = categories.data?.find((c) => c.id === v.categoryId);
    try {
      const o = await api.post<OrderDetailDto>('/api/work-orders', {
        title: titleFrom(v.text ?? '', cat?.name),
        description: (v.text ?? '').trim(),
        categoryId: v.categoryId,
        placeId: v.buildingId ?? v.compoundId,
        anonymous: v.anonymous || undefined,
        attachmentIds: v.attachmentIds?.length ? v.attachmentIds : undefined,
      });
      setDone(o);
      form.resetFields(['text', 'attachmentIds', 'anonymous', 'categoryId']);
    } catch (e) {
      setError(applyFormError(form, e, lang, { placeId: 'compoundId', description: 'text', title: 'text' }));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <MobileShell title={t('m.report')}>
        <div className="gz-m-card">
          <Result
            status="success"
            title={t('m.submitted')}
            subTitle={t('m.submittedSub', { number: done.number })}
            extra={[
              <Button key="v" type="primary" onClick={() => navigate(`/m/orders/${done.id}`)}>
                {t('m.viewProgress')}
              </Button>,
              <Button key="n" onClick={() => setDone(null)}>
                {t('m.reportAnother')}
              </Button>,
            ]}
          />
        </div>
      </MobileShell>
    );
  }

  return (
    <MobileShell title={t('m.report')}>
      <div className="gz-m-card">
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form<Values> form={form} layout="vertical" name="m-submit" onFinish={(v) => void submit(v)}>
          <Form.Item name="categoryId" label={t('m.category')} rules={[{ required: true, message: t('category.required') }]}>
            <CategorySelect categories={categories.data} size="large" />
          </Form.Item>
          <Form.Item name="compoundId" label={t('place.compound')} rules={[{ required: true, message: t('place.compoundRequired') }]}>
            <CompoundSelect size="large" initialOption={home.data?.compound ?? null} onChange={() => form.setFieldValue('buildingId', undefined)} />
          </Form.Item>
          <Form.Item name="buildingId" label={t('place.building')}>
            <BuildingSelect size="large" compoundId={compoundId} />
          </Form.Item>
          <Form.Item
            name="text"
            label={t('m.what')}
            rules={[
              { required: true, whitespace: true, message: t('m.whatRequired') },
              { min: 5, message: t('m.whatMin') },
              { max: 4000 },
            ]}
          >
            <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('m.whatHint')} />
          </Form.Item>
          <Form.Item name="attachmentIds" label={t('action.photos')} extra={t('photo.upTo9')}>
            <PhotoUpload />
          </Form.Item>
          <Form.Item name="anonymous" valuePropName="checked" extra={t('m.anonymousHint')}>
            <Checkbox>{t('m.anonymous')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {t('m.submit')}
          </Button>
        </Form>
      </div>
    </MobileShell>
  );
}

/** The points shop's catalogue (积分超市) for the administrator: stock, price, who honours each reward; add, restock, withdraw. Supervisors read it. */
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../../lib/api';
import { getUnits, useAsync } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { useI18n } from '../../../lib/i18n';
import { useSession } from '../../../lib/session';
import { cogov, type RewardDto } from './api';
import { errorText, LoadError, useT } from './shared';

const KINDS = ['parking', 'housekeeping', 'goods'] as const;

interface NewReward {
  name: string;
  kind: RewardDto['kind'];
  description?: string;
  price: number;
  stock: number;
  honouredBy: string;
  merchantUserId?: number;
  unitId?: number;
  validDays: number;
}

function StockCell({ r, onSaved, editable }: { r: RewardDto; onSaved: () => void; editable: boolean }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [v, setV] = useState<number | null>(r.stock);
  if (!editable) return <>{r.stock}</>;
  return (
    <Space.Compact>
      <InputNumber min={0} max={1_000_000} precision={0} value={v} onChange={setV} aria-label={`${t('stock')} ${r.name}`} style={{ width: 100 }} />
      <Button
        disabled={v === null || v === r.stock}
        onClick={() =>
          void cogov
            .updateReward(r.id, { stock: v ?? 0 })
            .then(() => {
              message.success(t('saved'));
              onSaved();
            })
            .catch((err: unknown) => message.error(errorText(err, lang)))
        }
      >
        {t('saveStock')}
      </Button>
    </Space.Compact>
  );
}

export default function RewardsPage() {
  const t = useT();
  const { lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const admin = me?.role === 'admin';
  const list = useAsync(() => cogov.rewards(admin), [admin]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewReward>();
  const merchants = useAsync(
    () => (admin && open ? api.get<{ items: { id: number; name: string }[] }>('/api/admin/users?role=merchant&active=true&pageSize=200') : Promise.resolve({ items: [] })),
    [admin, open],
  );
  const units = useAsync(() => (admin && open ? getUnits() : Promise.resolve([])), [admin, open]);

  const create = async (v: NewReward) => {
    try {
      await cogov.createReward({ ...v, description: v.description ?? '' });
      message.success(t('saved'));
      setOpen(false);
      form.resetFields();
      list.reload();
    } catch (err) {
      const text = applyFormError(form, err, lang);
      if (text) message.error(text);
    }
  };

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('rewardsTitle')}</Typography.Title>}
      extra={
        admin ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('newReward')}
          </Button>
        ) : null
      }
    >
      <LoadError error={list.error} />
      <Table<RewardDto>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('rewardName'), dataIndex: 'name' },
          { title: t('rewardKind'), dataIndex: 'kind', render: (k: string) => t(`reward.${k}` as 'reward.goods') },
          { title: t('price'), dataIndex: 'price', align: 'right' },
          { title: t('stock'), key: 'stock', render: (_, r) => <StockCell r={r} editable={admin} onSaved={list.reload} /> },
          { title: t('honouredBy'), dataIndex: 'honouredBy' },
          { title: t('validDays'), dataIndex: 'validDays', align: 'right' },
          { title: t('status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="success">{t('active')}</Tag> : <Tag>{t('withdrawn')}</Tag>) },
          ...(admin
            ? [
                {
                  title: '',
                  key: 'ops',
                  render: (_: unknown, r: RewardDto) => (
                    <Button
                      size="small"
                      onClick={() =>
                        void cogov
                          .updateReward(r.id, { active: !r.active })
                          .then(list.reload)
                          .catch((err: unknown) => message.error(errorText(err, lang)))
                      }
                    >
                      {r.active ? t('withdraw') : t('putBack')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={open} title={t('newReward')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('save')} destroyOnHidden>
        <Form<NewReward> form={form} layout="vertical" onFinish={(v) => void create(v)} initialValues={{ kind: 'goods', validDays: 30, stock: 10, price: 50 }}>
          <Form.Item name="name" label={t('rewardName')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t('rewardKind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`reward.${k}`) }))} />
          </Form.Item>
          <Form.Item name="description" label={t('description')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="price" label={t('price')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100000} precision={0} />
            </Form.Item>
            <Form.Item name="stock" label={t('stock')} rules={[{ required: true }]}>
              <InputNumber min={0} max={1_000_000} precision={0} />
            </Form.Item>
            <Form.Item name="validDays" label={t('validDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={365} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item name="honouredBy" label={t('honouredBy')} rules={[{ required: true, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="merchantUserId" label={t('merchantAccount')}>
              <Select allowClear style={{ width: 200 }} options={(merchants.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))} />
            </Form.Item>
            <Form.Item name="unitId" label={t('unitIdLabel')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 260 }} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}

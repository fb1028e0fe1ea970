/** 地点: the place tree (district → street → community → compound → building → shop), edited node by node. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Row, Space, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { api, ApiError } from '../../../lib/api';
import { getPlaceChildren, invalidate, type Place } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { useI18n } from '../../../lib/i18n';
import type { MessageKey } from '../../../lib/messages';

const LEVELS = ['district', 'street', 'community', 'compound', 'building', 'unit'] as const;
const childLevel = (level: string) => {
  const i = LEVELS.indexOf(level as (typeof LEVELS)[number]);
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1]! : null;
};
const levelKey = (l: string) => `level.${l}` as MessageKey;

interface Node extends TreeDataNode {
  key: number;
  place: Place;
  children?: Node[];
}

const toNode = (p: Place): Node => ({ key: p.id, title: p.name, place: p, isLeaf: !p.hasChildren });

function replaceChildren(nodes: Node[], id: number, children: Node[]): Node[] {
  return nodes.map((n) => (n.key === id ? { ...n, children, isLeaf: children.length === 0 } : n.children ? { ...n, children: replaceChildren(n.children, id, children) } : n));
}

interface EditValues {
  name: string;
  households?: number | null;
  lat?: number | null;
  lng?: number | null;
}

export default function PlacesAdmin() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [tree, setTree] = useState<Node[]>([]);
  const [selected, setSelected] = useState<Place | null>(null);
  const [editForm] = Form.useForm<EditValues>();
  const [addForm] = Form.useForm<EditValues>();
  const [error, setError] = useState<string | null>(null);

  const loadChildren = useCallback(async (parentId?: number) => {
    invalidate(`/api/places?parentId=${parentId ?? ''}`);
    const list = await getPlaceChildren(parentId);
    const nodes = list.map(toNode);
    if (parentId === undefined) setTree(nodes);
    else setTree((t0) => replaceChildren(t0, parentId, nodes));
    return nodes;
  }, []);

  useEffect(() => {
    void loadChildren();
  }, [loadChildren]);

  useEffect(() => {
    setError(null);
    // The forms exist only while a place is selected (and the add form only above the last level).
    if (!selected) return;
    editForm.setFieldsValue({ name: selected.name, households: selected.households, lat: selected.lat, lng: selected.lng });
    if (childLevel(selected.level)) addForm.resetFields();
  }, [selected, editForm, addForm]);

  const save = async (v: EditValues) => {
    if (!selected) return;
    try {
      await api.patch(`/api/admin/places/${selected.id}`, { name: v.name.trim(), households: v.households ?? null, lat: v.lat ?? null, lng: v.lng ?? null });
      void message.success(t('common.saved'));
      invalidate('/api/places');
      const updated = { ...selected, ...v, name: v.name.trim() } as Place;
      setSelected(updated);
      await loadChildren(selected.parentId ?? undefined);
    } catch (e) {
      setError(applyFormError(editForm, e, lang));
    }
  };

  const add = async (v: EditValues) => {
    if (!selected) return;
    const level = childLevel(selected.level);
    if (!level) return;
    try {
      await api.post('/api/admin/places', { parentId: selected.id, level, name: v.name.trim(), households: v.households ?? null, lat: v.lat ?? null, lng: v.lng ?? null });
      void message.success(t('common.saved'));
      addForm.resetFields();
      invalidate('/api/places');
      setSelected({ ...selected, hasChildren: true });
      await loadChildren(selected.id);
    } catch (e) {
      setError(applyFormError(addForm, e, lang));
    }
  };

  const remove = async () => {
    if (!selected) return;
    try {
      await api.del(`/api/admin/places/${selected.id}`);
      void message.success(t('common.deleted'));
      invalidate('/api/places');
      const parent = selected.parentId;
      setSelected(null);
      await loadChildren(parent ?? undefined);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };

  const next = selected ? childLevel(selected.level) : null;

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('admin.placeTree')}>
          <Tree<Node>
            treeData={tree}
            loadData={async (n) => {
              await loadChildren(n.key);
            }}
            onSelect={(_, info) => setSelected(info.node.place)}
            selectedKeys={selected ? [selected.id] : []}
            height={560}
            aria-label={t('admin.placeTree')}
          />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {!selected ? (
          <Card size="small">
            <Empty description={t('admin.pickPlace')} />
          </Card>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }} size={16}>
            {error ? <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} /> : null}
            <Card size="small" title={`${selected.name}（${t(levelKey(selected.level))}）`}>
              <Descriptions
                size="small"
                column={2}
                items={[
                  { label: 'ID', children: selected.id },
                  { label: t('admin.households'), children: selected.households ?? '—' },
                ]}
              />
              <Form<EditValues> form={editForm} layout="vertical" name="place-edit" onFinish={(v) => void save(v)}>
                <Row gutter={12}>
                  <Col span={24}>
                    <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }, { max: 100 }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="households" label={t('admin.households')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="lat" label={t('admin.lat')}>
                      <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="lng" label={t('admin.lng')}>
                      <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                <Space>
                  <Button type="primary" htmlType="submit">
                    {t('common.save')}
                  </Button>
                  <Popconfirm title={t('admin.deletePlaceConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => void remove()}>
                    <Button danger>{t('common.delete')}</Button>
                  </Popconfirm>
                </Space>
              </Form>
            </Card>
            {next ? (
              <Card size="small" title={t('admin.addChild', { level: t(levelKey(next)) })}>
                <Form<EditValues> form={addForm} layout="vertical" name="place-add" onFinish={(v) => void add(v)}>
                  <Row gutter={12}>
                    <Col span={16}>
                      <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }, { max: 100 }]}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name="households" label={t('admin.households')}>
                        <InputNumber min={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Button htmlType="submit">{t('common.add')}</Button>
                </Form>
              </Card>
            ) : (
              <Typography.Text type="secondary">{t('admin.leafLevel')}</Typography.Text>
            )}
          </Space>
        )}
      </Col>
    </Row>
  );
}

/**
 * Photo upload as a form control: each chosen file goes to POST /api/attachments at once, and the
 * control's value is the list of attachment ids to send with the request (at most 9).
 */
import { useEffect, useState } from 'react';
import { App, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiError, uploadFile } from '../../lib/api';
import { useI18n } from '../../lib/i18n';

export const MAX_PHOTOS = 9;

export function PhotoUpload(props: { id?: string; value?: number[]; onChange?: (ids: number[]) => void; max?: number; 'aria-describedby'?: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const max = props.max ?? MAX_PHOTOS;
  const [files, setFiles] = useState<UploadFile[]>([]);

  // A reset form (value emptied) clears the thumbnails too.
  useEffect(() => {
    if (!props.value || props.value.length === 0) setFiles((f) => (f.some((x) => x.status === 'done') ? [] : f));
  }, [props.value]);

  const emit = (list: UploadFile[]) => {
    const ids = list.filter((f) => f.status === 'done' && typeof (f.response as { id?: number } | undefined)?.id === 'number').map((f) => (f.response as { id: number }).id);
    props.onChange?.(ids);
  };

  return (
    <Upload
      id={props.id}
      accept="image/*"
      listType="picture-card"
      multiple
      maxCount={max}
      fileList={files}
      beforeUpload={(file) => {
        if (!file.type.startsWith('image/')) {
          void message.error(t('photo.onlyImages'));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadFile(file as File).then(
          (r) => onSuccess?.(r),
          (e: unknown) => {
            void message.error(e instanceof ApiError ? e.text(lang) : t('photo.failed'));
            onError?.(e instanceof Error ? e : new Error(String(e)));
          },
        );
      }}
      onChange={({ fileList }) => {
        const kept = fileList.filter((f) => f.status !== 'error').slice(0, max);
        setFiles(kept);
        emit(kept);
      }}
    >
      {files.length >= max ? null : (
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }} aria-label={t('photo.add')}>
          <PlusOutlined />
          <div style={{ marginTop: 4, fontSize: 12 }}>{t('photo.add')}</div>
        </button>
      )}
    </Upload>
  );
}

/** The photo uploader, fetched after the form it sits in has rendered (a same-size box meanwhile). */
import { lazy, Suspense } from 'react';
import { PlusOutlined } from '@ant-design/icons';

const PhotoUpload = lazy(() => import('./PhotoUpload').then((m) => ({ default: m.PhotoUpload })));

type Props = { id?: string; value?: number[]; onChange?: (ids: number[]) => void; max?: number };

export function LazyPhotoUpload(props: Props) {
  return (
    <Suspense
      fallback={
        <div aria-hidden style={{ width: 102, height: 102, border: '1px dashed #d9d9d9', borderRadius: 8, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#999' }}>
          <PlusOutlined />
        </div>
      }
    >
      <PhotoUpload {...props} />
    </Suspense>
  );
}

/** The disclosure board (公示) as the API answers it, shared by the resident page and the console. */
import { api } from '../../lib/api';

export interface Notice {
  id: number;
  title: string;
  body: string;
  placeId: number;
  placeName: string;
  publishedAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
  updatedAt: string;
  active: boolean;
}

export interface BoardItem {
  item: 'duties' | 'identity' | 'promises' | 'standards';
  name: string;
  nameEn: string;
  content: string | null;
  version: number;
  updatedAt: string | null;
  updatedByName: string | null;
  stale: boolean;
}

export interface BoardFacility {
  id: number;
  kind: string;
  kindName: string;
  kindNameEn: string;
  name: string;
  capacity: number | null;
  lastCheckAt: string | null;
  nextCheckDue: string | null;
  checkOverdue: boolean;
  lastMaintenanceAt: string | null;
  nextMaintenanceDue: string | null;
  maintenanceOverdue: boolean;
  overdue: boolean;
}

export interface BoardResults {
  name: string;
  nameEn: string;
  from: string;
  to: string;
  days: number;
  received: number;
  closed: number;
  onTimePercent: number | null;
  satisfactionPercent: number | null;
  responsePercent: number | null;
  resolutionPercent: number | null;
  rated: number;
  updatedAt: string;
}

export interface Board {
  compound: { id: number; name: string };
  staleDays: number;
  items: BoardItem[];
  results: BoardResults;
  facilities: BoardFacility[];
  notices: Notice[];
  staleCount: number;
}

export const getMyBoard = () => api.get<Board>('/api/my/board');
export const getMyNotices = () => api.get<Notice[]>('/api/my/notices');
export const getBoard = (compoundId: number) => api.get<Board>(`/api/compounds/${compoundId}/board`);

/** "96%" or "—" when there was nothing to rate. */
export const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

/** The supervision section of the console: its menu group and pages (lazy), and the inspector's first screen. */
import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import { matchPath } from '../../lib/router';
import type { Section } from './types';

const LedgerPage = lazy(() => import('../pages/supervision/LedgerPage'));
const LedgerEntryPage = lazy(() => import('../pages/supervision/LedgerEntryPage'));
const ProblemsPage = lazy(() => import('../pages/supervision/ProblemsPage'));
const ProblemDetailPage = lazy(() => import('../pages/supervision/ProblemDetailPage'));
const TopicPage = lazy(() => import('../pages/supervision/TopicPage'));
const InspectionsPage = lazy(() => import('../pages/supervision/InspectionsPage'));
const PlanPage = lazy(() => import('../pages/supervision/PlanPage'));
const InspectionPage = lazy(() => import('../pages/supervision/InspectionPage'));
const MyInspections = lazy(() => import('../pages/supervision/MyInspections'));
const BoardsPage = lazy(() => import('../pages/supervision/BoardsPage'));
const BoardPage = lazy(() => import('../pages/supervision/BoardPage'));

const id = (pattern: string, path: string) => {
  const m = matchPath(pattern, path);
  return m && /^\d+$/.test(m.id!) ? Number(m.id) : null;
};

export const supervisionSection: Section = {
  key: 'supervision',
  label: ['监督检查', 'Supervision'],
  icon: <AuditOutlined />,
  roles: ['supervisor', 'admin', 'inspector', 'handler', 'dispatcher'],
  items: [
    { path: '/supervision/ledger', label: ['整改台账', 'Ledger'] },
    { path: '/supervision/problems', label: ['治理问题', 'Problems'], roles: ['supervisor', 'admin', 'inspector', 'dispatcher'] },
    { path: '/supervision/topics', label: ['专项督办 · 每月一题', 'Special supervision'], roles: ['supervisor', 'admin', 'inspector'] },
    { path: '/supervision/inspections', label: ['检查计划', 'Inspections'], roles: ['supervisor', 'admin', 'inspector'] },
    { path: '/supervision/boards', label: ['小区公示栏', 'Disclosure boards'], roles: ['supervisor', 'admin', 'inspector', 'handler'] },
  ],
  route(path, me) {
    const inspecting = ['supervisor', 'admin', 'inspector'].includes(me.role);
    if (path === '/supervision/ledger') return <LedgerPage />;
    let n = id('/supervision/ledger/:id', path);
    if (n) return <LedgerEntryPage id={n} />;
    if (path === '/supervision/problems') return <ProblemsPage />;
    n = id('/supervision/problems/:id', path);
    if (n) return <ProblemDetailPage id={n} />;
    if (path === '/supervision/boards' && me.role !== 'dispatcher') return <BoardsPage />;
    n = id('/supervision/boards/:id', path);
    if (n && me.role !== 'dispatcher') return <BoardPage id={n} />;
    if (!inspecting) return null;
    if (path === '/supervision/topics') return <TopicPage />;
    if (path === '/supervision/inspections') return <InspectionsPage />;
    if (path === '/supervision/inspections/mine') return <MyInspections />;
    n = id('/supervision/inspections/plans/:id', path);
    if (n) return <PlanPage id={n} />;
    n = id('/supervision/inspections/run/:id', path);
    if (n) return <InspectionPage id={n} />;
    return null;
  },
  home: {
    inspector: () => <MyInspections />,
  },
};

/** The supervision section of the console: its menu group and pages (lazy), and the inspector's first screen. */
import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import { matchPath } from '../../lib/router';
import type { Role } from '../../../../common/roles';
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
const PatrolsPage = lazy(() => import('../pages/supervision/PatrolsPage'));
const PatrolRoutePage = lazy(() => import('../pages/supervision/PatrolRoutePage'));
const CampaignsPage = lazy(() => import('../pages/supervision/CampaignsPage'));
const CampaignPage = lazy(() => import('../pages/supervision/CampaignPage'));
const FacilitiesPage = lazy(() => import('../pages/supervision/FacilitiesPage'));
const VisitsPage = lazy(() => import('../pages/supervision/VisitsPage'));
const ConsultationsPage = lazy(() => import('../pages/supervision/ConsultationsPage'));
const ProjectsPage = lazy(() => import('../pages/supervision/ProjectsPage'));

const FIELD: readonly Role[] = ['supervisor', 'admin', 'inspector', 'handler'];

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
    { path: '/supervision/boards', label: ['小区公示栏', 'Disclosure boards'], roles: FIELD },
    { path: '/supervision/patrols', label: ['每日巡查', 'Daily patrols'], roles: FIELD },
    { path: '/supervision/campaigns', label: ['专项行动', 'Campaigns'], roles: FIELD },
    { path: '/supervision/facilities', label: ['设施台账', 'Facilities'], roles: FIELD },
    { path: '/supervision/visits', label: ['走访', 'Visits'], roles: FIELD },
    { path: '/supervision/consultations', label: ['会商议事', 'Consultations'], roles: FIELD },
    { path: '/supervision/projects', label: ['民生项目', 'Livelihood projects'], roles: FIELD },
  ],
  route(path, me) {
    const inspecting = ['supervisor', 'admin', 'inspector'].includes(me.role);
    if (path === '/supervision/ledger') return <LedgerPage />;
    let n = id('/supervision/ledger/:id', path);
    if (n) return <LedgerEntryPage id={n} />;
    if (path === '/supervision/problems') return <ProblemsPage />;
    n = id('/supervision/problems/:id', path);
    if (n) return <ProblemDetailPage id={n} />;
    if (FIELD.includes(me.role)) {
      if (path === '/supervision/boards') return <BoardsPage />;
      n = id('/supervision/boards/:id', path);
      if (n) return <BoardPage id={n} />;
      if (path === '/supervision/patrols') return <PatrolsPage />;
      n = id('/supervision/patrols/routes/:id', path);
      if (n) return <PatrolRoutePage id={n} />;
      if (path === '/supervision/campaigns') return <CampaignsPage />;
      n = id('/supervision/campaigns/:id', path);
      if (n) return <CampaignPage id={n} />;
      if (path === '/supervision/facilities') return <FacilitiesPage />;
      if (path === '/supervision/visits') return <VisitsPage />;
      if (path === '/supervision/consultations') return <ConsultationsPage />;
      if (path === '/supervision/projects') return <ProjectsPage />;
    }
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

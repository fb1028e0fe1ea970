/** The supervision section of the console: its menu group and pages (lazy). */
import { AuditOutlined } from '@ant-design/icons';
import type { Section } from './types';

export const supervisionSection: Section = {
  key: 'supervision',
  label: ['监督检查', 'Supervision'],
  icon: <AuditOutlined />,
  roles: ['supervisor', 'admin', 'inspector'],
  items: [],
  route: () => null,
};

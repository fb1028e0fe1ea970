/** The co-governance section of the console: its menu group and pages (lazy). */
import { TeamOutlined } from '@ant-design/icons';
import type { Section } from './types';

export const cogovSection: Section = {
  key: 'cogov',
  label: ['共建共治', 'Co-governance'],
  icon: <TeamOutlined />,
  roles: ['organiser', 'merchant', 'admin', 'supervisor'],
  items: [],
  route: () => null,
};

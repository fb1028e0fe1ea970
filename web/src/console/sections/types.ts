/**
 * A console section (supervision, evaluation, co-governance …) brings its own menu group, pages
 * and role homes, so ConsoleApp stays a shell and sections do not edit each other's files.
 * Pages must be `lazy()` imports: the section file itself is loaded with the first screen.
 */
import type { ReactNode } from 'react';
import type { Role } from '../../../../common/roles';
import type { Me } from '../../lib/session';

export interface SectionItem {
  /** The path the menu entry opens, e.g. "/supervision/ledger". */
  path: string;
  label: readonly [string, string];
  /** Who sees the entry (default: the section's roles). */
  roles?: readonly Role[];
}

export interface Section {
  key: string;
  label: readonly [string, string];
  icon: ReactNode;
  roles: readonly Role[];
  items: SectionItem[];
  /** The page for a path, or null when the path is not this section's (or not for this user). */
  route(path: string, me: Me): ReactNode | null;
  /** The first screen for roles whose home this section provides (e.g. organiser, merchant). */
  home?: Partial<Record<Role, (me: Me) => ReactNode>>;
}

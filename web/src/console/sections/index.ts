/** The console's sections, in menu order. */
import { cogovSection } from './cogov';
import { evaluationSection } from './evaluation';
import { supervisionSection } from './supervision';
import type { Section } from './types';

export const SECTIONS: readonly Section[] = [supervisionSection, evaluationSection, cogovSection];
export type { Section, SectionItem } from './types';

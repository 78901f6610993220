import { createContext, useContext } from 'react';
import type { SectionId } from '../sections';

/** Opens a section of the navigation, as choosing it in the menu does (the home page's task links). */
export const NavigateContext = createContext<(id: SectionId) => void>(() => undefined);

export function useNavigateSection(): (id: SectionId) => void {
  return useContext(NavigateContext);
}

import type { ConstraintCatalog } from './constraints.js';
import type { Hybrid } from './hybrid.js';
import type { ItemMeta } from './types.js';

/** A fitted hybrid plus the catalogue facts the pipeline needs, index-aligned with its items. */
export interface ServingModel {
  hybrid: Hybrid;
  meta: ItemMeta[];
  catalog: ConstraintCatalog;
  franchises: string[];
}

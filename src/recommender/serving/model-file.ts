/**
 * What `reelmate train` publishes: the fitted hybrid plus the catalogue facts serving needs
 * (titles, genres, people, runtime, ...; not overviews), index-aligned with the model's items.
 * A worker thread builds a whole ServingModel from these bytes alone, so a model switch costs
 * the serving process's main thread nothing but reading the chunks. Models published before
 * this format (a bare hybrid) load too, with the catalogue the service reads from the database.
 */
import { decodeModel, encodeModel } from '../codec.js';
import { Hybrid } from '../hybrid.js';
import { servingModel, type ServingModel } from '../pipeline.js';
import { placeholderMeta } from '../data.js';
import type { ItemMeta } from '../types.js';

const NAME = 'reelmate-serving';

type StoredMeta = Omit<ItemMeta, 'overview'>;

export function encodeServingModel(hybrid: Hybrid, catalogue: ReadonlyMap<number, ItemMeta>): Uint8Array {
  const items: StoredMeta[] = Array.from(hybrid.itemIds, (id) => {
    const { overview: _unused, ...rest } = catalogue.get(id) ?? placeholderMeta(id, `#${id}`);
    return rest;
  });
  return encodeModel({ name: NAME, meta: { catalogue: items }, arrays: { hybrid: hybrid.save() } });
}

export class CatalogueMissingError extends Error {
  override readonly name = 'CatalogueMissingError';
}

/**
 * A ServingModel from published bytes. `catalogue` is needed only for a bare hybrid (an older
 * model); without it that throws CatalogueMissingError.
 */
export function decodeServingModel(bytes: Uint8Array, catalogue?: ReadonlyMap<number, ItemMeta> | undefined): ServingModel {
  const head = decodeModel(bytes);
  const hybrid = new Hybrid();
  if (head.name === NAME) {
    const blob = head.arrays.hybrid;
    if (!(blob instanceof Uint8Array)) throw new Error('serving model: the hybrid is missing');
    hybrid.load(blob);
    const stored = head.meta.catalogue as StoredMeta[];
    return servingModel(
      hybrid,
      stored.map((m) => ({ ...m, overview: null })),
    );
  }
  if (!catalogue) throw new CatalogueMissingError('this model was published without its catalogue');
  hybrid.load(bytes);
  return servingModel(
    hybrid,
    Array.from(hybrid.itemIds, (id) => catalogue.get(id) ?? placeholderMeta(id, `#${id}`)),
  );
}

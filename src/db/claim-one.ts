import type { Model, QueryFilter, UpdateQuery } from 'mongoose';

/**
 * Spends a single-use document (a refresh token, a one-time code) atomically: one conditional
 * update on `key` while `unspent` still holds. Of concurrent claims exactly one gets the document
 * back; the others get null. An update's match-and-modify is atomic on every engine.
 */
// Not findOneAndUpdate: the offline engine runs it as a separate find and update (tests/integration/claim-one.test.ts fails with it).
export async function claimOne<T>(model: Model<T>, key: QueryFilter<T>, unspent: QueryFilter<T>, claim: UpdateQuery<T>): Promise<T | null> {
  const { modifiedCount } = await model.updateOne({ ...key, ...unspent }, claim);
  return modifiedCount === 1 ? model.findOne(key).lean<T>() : null;
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../errors/app-error.js';

// 12 bytes of ObjectId, then the first 16 bytes of its HMAC-SHA256: 28 bytes, 38 base64url characters.
const ID_BYTES = 12;
const TAG_BYTES = 16;

/** The shape of a cursor, for a query schema: whether it is genuine is for `PageCursors.read` to say. */
export const PAGE_CURSOR = /^[A-Za-z0-9_-]{38}$/;

/**
 * Page cursors a client cannot make up: the last `_id` of a page and a MAC of it under a server key.
 * The key comes from the configuration every instance shares, so a cursor works on any of them.
 */
export interface PageCursors {
  /** The `next_cursor` that continues a page after `id`. */
  after(id: Types.ObjectId): string;
  /** The id a cursor continues after; undefined for one this server did not make. */
  read(cursor: string): Types.ObjectId | undefined;
}

export function pageCursors(key: Buffer): PageCursors {
  const tag = (id: Buffer) => createHmac('sha256', key).update(id).digest().subarray(0, TAG_BYTES);
  return {
    after: (id) => {
      const bytes = Buffer.from(id.toHexString(), 'hex');
      return Buffer.concat([bytes, tag(bytes)]).toString('base64url');
    },
    read: (cursor) => {
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.length !== ID_BYTES + TAG_BYTES) return undefined;
      const id = bytes.subarray(0, ID_BYTES);
      return timingSafeEqual(tag(id), bytes.subarray(ID_BYTES)) ? new Types.ObjectId(id.toString('hex')) : undefined;
    },
  };
}

/** The id a page continues after; VALIDATION_FAILED for a cursor this server did not make. */
export function pageStart(cursor: string | undefined, cursors: PageCursors): Types.ObjectId | undefined {
  if (cursor === undefined) return undefined;
  const after = cursors.read(cursor);
  if (after) return after;
  throw new AppError('VALIDATION_FAILED', 'The query string is not valid.', {
    extensions: { errors: [{ path: 'cursor', message: 'must be a next_cursor of an earlier page' }] },
  });
}

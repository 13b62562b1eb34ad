import mongoose, { type Types } from 'mongoose';
import type { z } from 'zod';
import { hasPermission } from '../../auth/permissions.js';
import { AppError } from '../../errors/app-error.js';
import { pageStart, type PageCursors } from '../../lib/page-cursor.js';
import type { UserRecord } from '../../models/user.model.js';
import { NoteModel, type NoteDocument } from './note.model.js';
import type { CreateNoteBody, ListNotesQuery, Note, NotePage, UpdateNoteBody } from './notes.schemas.js';

const { trusted } = mongoose;

type NoteObject = z.output<typeof Note>;

/** The Note object of the contract. */
function toNote(note: NoteDocument): NoteObject {
  return {
    id: note._id.toHexString(),
    title: note.title,
    body: note.body,
    created_at: note.createdAt.toISOString(),
    updated_at: note.updatedAt.toISOString(),
  };
}

// Another user's note answers exactly as a note that does not exist: a 403 would confirm the id is real.
function notFound(): AppError {
  return new AppError('NOT_FOUND', 'You have no note with this id.');
}

/** The filter of one of `owner`'s notes; null for a malformed id, which is just an id no note has. */
function ownNote(id: string, owner: Types.ObjectId) {
  // The owner is part of the query itself: no code path can read a note first and forget to compare.
  return /^[0-9a-f]{24}$/.test(id) ? { _id: id, owner } : null;
}

/**
 * Lists the viewer's notes newest first, one page after the cursor; with `all`, everyone's.
 * Throws FORBIDDEN (`all` without notes:read-all) and VALIDATION_FAILED (a cursor this server did not make).
 */
export async function listNotes(
  viewer: Pick<UserRecord, '_id' | 'role'>,
  query: z.output<typeof ListNotesQuery>,
  cursors: PageCursors,
): Promise<z.output<typeof NotePage>> {
  if (query.all && !hasPermission(viewer.role, 'notes:read-all')) {
    throw new AppError('FORBIDDEN', "Listing everyone's notes needs the notes:read-all permission, which your role does not have.");
  }
  const after = pageStart(query.cursor, cursors);
  const filter = {
    ...(!query.all && { owner: viewer._id }),
    // `_id` grows with time: a page continues strictly below the last one, so new notes never shift it.
    ...(after && { _id: trusted({ $lt: after }) }),
  };
  const notes = await NoteModel.find(filter)
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<NoteDocument[]>();
  const items = notes.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map(toNote), next_cursor: notes.length > query.limit && last ? cursors.after(last._id) : null };
}

/** Stores a new note of `owner`'s. */
export async function createNote(owner: Types.ObjectId, { title, body = '' }: z.output<typeof CreateNoteBody>): Promise<NoteObject> {
  const note = await NoteModel.create({ owner, title, body });
  return toNote(note.toObject());
}

/** One of `owner`'s notes. Throws NOT_FOUND (also for another user's note and a malformed id). */
export async function getNote(owner: Types.ObjectId, id: string): Promise<NoteObject> {
  const filter = ownNote(id, owner);
  const note = filter && (await NoteModel.findOne(filter).lean<NoteDocument>());
  if (!note) throw notFound();
  return toNote(note);
}

/** Changes the title or body of one of `owner`'s notes. Throws NOT_FOUND, as getNote. */
export async function updateNote(owner: Types.ObjectId, id: string, patch: z.output<typeof UpdateNoteBody>): Promise<NoteObject> {
  const filter = ownNote(id, owner);
  const note = filter && (await NoteModel.findOneAndUpdate(filter, { $set: patch }, { returnDocument: 'after' }).lean<NoteDocument>());
  if (!note) throw notFound();
  return toNote(note);
}

/** Deletes one of `owner`'s notes. Throws NOT_FOUND, as getNote. */
export async function deleteNote(owner: Types.ObjectId, id: string): Promise<void> {
  const filter = ownNote(id, owner);
  const { deletedCount } = filter ? await NoteModel.deleteOne(filter) : { deletedCount: 0 };
  if (deletedCount === 0) throw notFound();
}

/** Deletes every note of `owner`'s: their account is being deleted. */
export async function deleteNotesOf(owner: Types.ObjectId): Promise<void> {
  await NoteModel.deleteMany({ owner });
}

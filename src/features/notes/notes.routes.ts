import type { Config } from '../../config/config.js';
import { pageCursors } from '../../lib/page-cursor.js';
import { principal } from '../../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../../routes/route-spec.js';
import { CreateNoteBody, ListNotesQuery, Note, NotePage, UpdateNoteBody } from './notes.schemas.js';
import { createNote, deleteNote, getNote, listNotes, updateNote } from './notes.service.js';

/**
 * The notes API: every route needs an access token and reaches only the caller's own notes; another
 * user's note is NOT_FOUND, never FORBIDDEN (the service puts the owner in every query).
 */
export function notesRoutes(config: Pick<Config, 'pageCursorKey'>): RouteSpec[] {
  const cursors = pageCursors(config.pageCursorKey);
  const owner = (req: Parameters<typeof principal>[0]) => principal(req).user._id;
  return [
    defineRoute({
      method: 'get',
      path: '/notes',
      summary: "List your notes, newest first, a page at a time; `all=true` lists everyone's (permission notes:read-all)",
      auth: true,
      query: ListNotesQuery,
      success: { status: 200, description: 'A page of notes; `next_cursor` continues it (null on the last page)', schema: NotePage },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await listNotes(principal(req).user, req.query, cursors)),
    }),
    defineRoute({
      method: 'post',
      path: '/notes',
      summary: 'Write a note',
      auth: true,
      body: CreateNoteBody,
      success: { status: 201, description: 'The note', schema: Note },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.status(201).json(await createNote(owner(req), req.body)),
    }),
    defineRoute({
      method: 'get',
      path: '/notes/:id',
      summary: 'One of your notes',
      auth: true,
      success: { status: 200, description: 'The note', schema: Note },
      errors: ['UNAUTHORIZED', 'NOT_FOUND', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await getNote(owner(req), req.params.id ?? '')),
    }),
    defineRoute({
      method: 'patch',
      path: '/notes/:id',
      summary: 'Change the title or body of one of your notes',
      auth: true,
      body: UpdateNoteBody,
      success: { status: 200, description: 'The note after the change', schema: Note },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'NOT_FOUND', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await updateNote(owner(req), req.params.id ?? '', req.body)),
    }),
    defineRoute({
      method: 'delete',
      path: '/notes/:id',
      summary: 'Delete one of your notes',
      auth: true,
      success: { status: 204, description: 'Deleted' },
      errors: ['UNAUTHORIZED', 'NOT_FOUND', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await deleteNote(owner(req), req.params.id ?? '');
        res.status(204).end();
      },
    }),
  ];
}

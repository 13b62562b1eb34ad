import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/** A note: the example resource, owned by one user and read or changed only by them. */
const noteSchema = new Schema(
  {
    owner: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    title: { type: String, required: true },
    // Not `required`: Mongoose counts the empty string, a note without a body, as missing.
    body: { type: String, default: '' },
  },
  { timestamps: true },
);

// Every query of a note names its owner, and the listing walks `_id` newest first: one index serves both.
noteSchema.index({ owner: 1, _id: -1 });

export type NoteDocument = InferSchemaType<typeof noteSchema> & { _id: Types.ObjectId };

export const NoteModel = model('Note', noteSchema);

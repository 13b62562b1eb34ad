import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { claimOne } from '../../src/db/claim-one.js';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';

describe('claimOne', () => {
  it('when three claims of one document race, then exactly one gets it, in every one of 100 rounds', async () => {
    const user = new mongoose.Types.ObjectId();
    const expiresAt = new Date(Date.now() + 60_000);
    await RefreshTokenModel.insertMany(
      Array.from({ length: 100 }, (_, i) => ({ tokenHash: `code-${i}`, family: 'f', authTime: new Date(), user, expiresAt })),
    );
    for (let i = 0; i < 100; i += 1) {
      const claims = await Promise.all(
        [1, 2, 3].map(() => claimOne(RefreshTokenModel, { tokenHash: `code-${i}` }, { spentAt: null }, { $set: { spentAt: new Date() } })),
      );
      assert.equal(claims.filter((claimed) => claimed !== null).length, 1, `round ${i}`);
    }
    assert.equal(await RefreshTokenModel.countDocuments({ spentAt: null }), 0);
  });

  it('when the document is already spent or does not exist, then the claim gets null', async () => {
    await RefreshTokenModel.create({
      tokenHash: 'spent',
      family: 'f',
      authTime: new Date(),
      user: new mongoose.Types.ObjectId(),
      expiresAt: new Date(),
      spentAt: new Date(),
    });
    assert.equal(await claimOne(RefreshTokenModel, { tokenHash: 'spent' }, { spentAt: null }, { $set: { spentAt: new Date() } }), null);
    assert.equal(await claimOne(RefreshTokenModel, { tokenHash: 'missing' }, { spentAt: null }, { $set: { spentAt: new Date() } }), null);
  });
});

import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { UserModel } from '../../../src/models/user.model.js';
import { ListUsersQuery } from '../../../src/features/admin/admin.schemas.js';
import { listFilter } from '../../../src/features/admin/admin-users.service.js';
import { insertUsers } from '../../helpers/factories.js';

const SHAPES = ['', 'role=admin', 'role=user', 'disabled=true', 'disabled=false', 'role=user&disabled=false', 'email=ada', 'after=an id'];

describe('GET /admin/users query plans', () => {
  before(async function () {
    const explained = await UserModel.find({})
      .explain('queryPlanner')
      .then(
        () => true,
        (error: unknown) => {
          if (String(error).includes('no such command: explain')) return false;
          throw error;
        },
      );
    if (explained) return;
    // Said once, where the pending tests are listed: a pending test with no reason reads like a broken one.
    console.log('    (pending here: the offline engine has no query planner to explain; MONGODB_URI=<a mongod> and CI run them)');
    this.skip();
  });

  for (const shape of SHAPES) {
    it(`when the listing is asked for "${shape}", then the plan reads an index: no collection scan, no skip`, async () => {
      await UserModel.init();
      await insertUsers(50);
      const { after, ...rest } = Object.fromEntries(new URLSearchParams(shape));
      const query = ListUsersQuery.parse(rest);
      const plan: unknown = await UserModel.find(listFilter(query, after === undefined ? undefined : new Types.ObjectId()))
        .sort({ _id: -1 })
        .limit(query.limit + 1)
        .explain('queryPlanner');
      const winning = JSON.stringify((plan as { queryPlanner?: { winningPlan?: unknown } }).queryPlanner?.winningPlan);
      assert.match(winning, /"IXSCAN"/, winning);
      assert.doesNotMatch(winning, /"COLLSCAN"|"SKIP"/, winning);
    });
  }
});

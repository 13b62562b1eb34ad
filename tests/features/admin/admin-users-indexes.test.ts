import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { UserModel } from '../../../src/models/user.model.js';
import { ListUsersQuery } from '../../../src/features/admin/admin.schemas.js';
import { listFilter } from '../../../src/features/admin/admin-users.service.js';
import { insertUsers } from '../../helpers/factories.js';

const SHAPES = ['', 'role=admin', 'role=user', 'disabled=true', 'disabled=false', 'role=user&disabled=false', 'email=ada', 'after=an id'];

describe('GET /admin/users query plans', () => {
  for (const shape of SHAPES) {
    it(`when the listing is asked for "${shape}", then the plan reads an index: no collection scan, no skip`, async function () {
      await UserModel.init();
      await insertUsers(50);
      const { after, ...rest } = Object.fromEntries(new URLSearchParams(shape));
      const query = ListUsersQuery.parse(rest);
      let plan: unknown;
      try {
        plan = await UserModel.find(listFilter(query, after === undefined ? undefined : new Types.ObjectId()))
          .sort({ _id: -1 })
          .limit(query.limit + 1)
          .explain('queryPlanner');
      } catch (error) {
        // The offline engine has no `explain` (and no query planner to explain); CI's mongo:7 runs this.
        if (String(error).includes('no such command: explain')) return this.skip();
        throw error;
      }
      const winning = JSON.stringify((plan as { queryPlanner?: { winningPlan?: unknown } }).queryPlanner?.winningPlan);
      assert.match(winning, /"IXSCAN"/, winning);
      assert.doesNotMatch(winning, /"COLLSCAN"|"SKIP"/, winning);
    });
  }
});

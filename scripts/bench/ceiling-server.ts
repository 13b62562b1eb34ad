// The bench's ceiling: a bare Express app on the same database, with no middleware at all. Its
// `GET /user/:id` is one indexed findById, the least any authenticated route must do; its
// `GET /health` is the least any route costs. Started by the bench as a child process, like the server.
import express from 'express';
import { connectMongoose } from '../../src/db/database.js';
import { UserModel } from '../../src/models/user.model.js';

const { MONGODB_URI, PORT } = process.env;
await connectMongoose(MONGODB_URI ?? '');
const app = express();
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get('/user/:id', async (req, res) => {
  const user = await UserModel.findById(req.params.id).lean();
  res.status(user ? 200 : 404).json(user ?? {});
});
app.listen(Number(PORT), '127.0.0.1', () => console.log('ceiling ready'));
process.once('SIGTERM', () => process.exit(0));

// `npm run user:role -- <email> <user|admin>` runs src/cli/user-role.ts. A checkout runs the source
// through tsx; a production install, whose dev dependencies are pruned (Heroku), runs the build in dist/.
let entry = new URL('../dist/cli/user-role.js', import.meta.url);
try {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../src/cli/user-role.ts', import.meta.url);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
}
await import(entry.href);

// `npm run feature:remove -- <name>`: deletes an optional feature from this working tree, for good.
// What belongs to a feature: its folders (src/features/<name>/, tests/features/<name>/), its line in
// src/features/index.ts, the files elsewhere whose first line says `feature-file:<name>` (its demo-page
// module, its browser test), and the regions of shared files (docs, the demo page, .env.example, ...)
// between the markers `feature:<name>` and `/feature:<name>` (in a comment of the file's language).
// Afterwards `npm run build`, `npm run lint` and `npm test` pass: scripts/check-feature-removal.sh proves it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIST = 'src/features/index.ts';

const installed = readdirSync(path.join(root, 'src/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const [name, ...extra] = process.argv.slice(2);
if (!name || extra.length > 0 || !installed.includes(name)) {
  process.stderr.write(`usage: npm run feature:remove -- <${installed.join('|')}>\n`);
  process.exit(1);
}

const touched = new Set();

for (const folder of [`src/features/${name}`, `tests/features/${name}`]) {
  if (!existsSync(path.join(root, folder))) continue;
  rmSync(path.join(root, folder), { recursive: true });
  touched.add(`${folder}/ (deleted)`);
}

/** A marked region: the line holding `feature:<name>`, through the line holding `/feature:<name>`, both included. */
const region = new RegExp(`^[^\\n]*(?<!/)feature:${name}\\b[^\\n]*\\n[\\s\\S]*?^[^\\n]*/feature:${name}\\b[^\\n]*\\n`, 'gm');

/** A region cut from between two paragraphs leaves two blank lines; keep one, unless the file had such runs already. */
function withoutDoubledBlankLines(before, after) {
  return /\n[ \t]*\n[ \t]*\n/.test(before) ? after : after.replace(/\n(?:[ \t]*\n){2,}/g, '\n\n');
}

function rewrite(file, change) {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  if (after === before) return;
  writeFileSync(full, after);
  touched.add(file);
}

rewrite(LIST, (text) =>
  text
    .split('\n')
    .filter((line) => !line.includes(`'./${name}/index.js'`))
    .join('\n'),
);

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
for (const file of tracked) {
  if (!existsSync(path.join(root, file)) || file === 'scripts/feature-remove.mjs') continue;
  const text = readFileSync(path.join(root, file), 'utf8');
  if (text.includes('\0') || !text.includes(`feature`)) continue;
  if (text.split('\n', 1)[0]?.includes(`feature-file:${name}`)) {
    rmSync(path.join(root, file));
    touched.add(`${file} (deleted)`);
  } else if (text.includes(`feature:${name}`)) {
    rewrite(file, (before) => withoutDoubledBlankLines(before, before.replace(region, '')));
  }
}

// Taking out a region can leave an import or a call that now fits on one line: the code style says how it reads.
const rewritten = [...touched].filter((file) => existsSync(path.join(root, file)));
const prettier = path.join(root, 'node_modules/.bin/prettier');
if (rewritten.length > 0 && existsSync(prettier)) {
  execFileSync(prettier, ['--write', '--log-level', 'warn', '--ignore-unknown', ...rewritten], { cwd: root, stdio: 'inherit' });
}

process.stdout.write(`removed ${name}: ${touched.size} paths\n${[...touched].map((file) => `  ${file}\n`).join('')}`);

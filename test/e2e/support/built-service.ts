import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN, ROOT } from '../../../tools/service';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * The crash, backup and shutdown tests run the built service (`node dist/src/main.js`, what
 * `npm start` runs): build it when dist/ is missing or older than the sources.
 */
export function ensureBuilt(): void {
  const sources = Math.max(...['src', 'workflows', 'tools'].map((d) => newest(join(ROOT, d))));
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
}

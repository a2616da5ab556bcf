import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root (where package.json is), from src/web under ts-jest or dist/src/web when built. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.build.json')) === false) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

const root = projectRoot();

export const WEB_FILES = {
  /** Our own templates (layout, partials, pages). */
  views: join(root, 'views'),
  /** nhsuk-frontend's templates are imported as "nhsuk/components/..." from here. */
  nhsukTemplates: join(root, 'node_modules', 'nhsuk-frontend', 'dist'),
  /** Built CSS, JS and images of nhsuk-frontend, served under /assets/nhsuk/. */
  nhsukAssets: join(root, 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk'),
  /** Our one small script and stylesheet, served under /assets/app/. */
  ownAssets: join(root, 'public'),
};

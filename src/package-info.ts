import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name: string;
  version: string;
  homepage: string;
}

/** The package root, found by walking up from this module (works from src/ and from dist/src/). */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'eslint-plugin-leakproof') return dir;
    } catch {
      // not here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('eslint-plugin-leakproof: cannot find its own package.json');
    dir = parent;
  }
})();

export const packageJson: PackageJson = JSON.parse(
  readFileSync(join(packageRoot, 'package.json'), 'utf8'),
) as PackageJson;

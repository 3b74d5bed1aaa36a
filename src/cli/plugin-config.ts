import { rules } from '../../rules/index.js';
import { ruleSettings } from '../configs.js';
import { UsageError } from './errors.js';

/**
 * The plugin config `check` and `migrate` use when no ESLint config is given: `recommended`, or
 * `strict` with --strict. A config that enables no rule would lint nothing and pass, so it is
 * refused with what to pass instead (`recommended` is empty until a rule earns its place there).
 */
export function pluginConfigName(strict: boolean | undefined, instead: string): 'strict' | 'recommended' {
  const name = strict ? 'strict' : 'recommended';
  if (Object.keys(ruleSettings(rules as never, name)).length > 0) return name;
  throw new UsageError(
    `the ${name} config enables no rule yet: none has reached 0.85 precision on first runs over codebases it was never tuned on (see bench/README.md in the plugin's repository); ${instead}`,
  );
}

import { keyName, type FunctionNode } from '../core/ast.js';
import { INSTANCE_LIFECYCLE_METHOD } from '../knowledge/lifecycle.js';

/**
 * `fn` is a class's constructor or an instance method that sets the instance up or takes it down
 * (`init…`, `enable…`, `connect…`, `clear…`; src/knowledge/lifecycle.ts): it runs about once per
 * instance, so what it attaches to the instance itself lives and dies with that instance.
 */
export function isInstanceLifecycleMethod(fn: FunctionNode | undefined): boolean {
  const method = fn?.parent;
  if (method?.type !== 'MethodDefinition' || method.static) return false;
  if (method.kind === 'constructor') return true;
  const name = keyName(method.key, method.computed);
  return name !== undefined && INSTANCE_LIFECYCLE_METHOD.test(name);
}

import type { TSESTree } from '@typescript-eslint/utils';
import { forEachDescendant } from '../../core/ast.js';
import { staticPropertyName } from '../../core/imports.js';

/**
 * Member expressions by property name (`a.cache`, `this.#cache`, `a['cache']`), indexed in one
 * walk the first time a candidate needs them: most files have no candidate and never pay for it.
 */
export class MemberIndex {
  private byName: Map<string, TSESTree.MemberExpression[]> | undefined;

  constructor(private readonly ast: TSESTree.Program) {}

  named(name: string): readonly TSESTree.MemberExpression[] {
    if (!this.byName) {
      const byName = new Map<string, TSESTree.MemberExpression[]>();
      forEachDescendant(this.ast, (node) => {
        if (node.type !== 'MemberExpression') return;
        const property = staticPropertyName(node);
        if (property === undefined) return;
        const list = byName.get(property);
        if (list) list.push(node);
        else byName.set(property, [node]);
      });
      this.byName = byName;
    }
    return this.byName.get(name) ?? [];
  }
}

import { resolveIdentifier, type Variable } from '../../core/context.js';
import { within } from '../../core/ast.js';
import { indentAt } from '../../codemod-kit/edits.js';
import type { ClientFinding, Placement } from './types.js';
import {
  baseNameFor,
  clientTypeText,
  closeWithoutReset,
  contextBoundPart,
  referencesIn,
  reindent,
  setUpCallOn,
  startWithLeadingComments,
  topLevelStatementOf,
  upperFirst,
  varyingCallIn,
  ClientRewriteContext,
  type ClientRewrite,
} from './memoize-rewrite.js';
import { globalConfigChangeIn, mutatedModuleObjectIn } from './arguments.js';
import {
  changedConfigReason,
  closedHolderReason,
  globalConfigReason,
  left,
  memoizingOperator,
  plainAssignmentOf,
} from './shared-plan.js';

/* Handler: a module-level lazily created instance, shared by handlers that build the same client. */

type HandlerPlacement = Extract<Placement, { kind: 'handler' }>;

/** Handler: a module-level `let` and a `getX()` that fills it once, called in place of the construction. */
export function planHandler(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: HandlerPlacement,
): ClientRewrite {
  const node = finding.node;
  if (finding.returned)
    return left(
      `${placement.where} returns it to its caller, who may keep or close it: share one client there by hand (memoize the helper's result once no caller closes it)`,
    );
  if (finding.closedOnSuccess)
    return left(
      'the call closes it after its awaited work, so sharing one would close it under other requests: close it in `finally`, or share one client and drop the close, by hand',
    );
  if (finding.awaited) {
    return left(
      'it is opened asynchronously (awaited) in every call: open it once at start-up and share it, or memoize the connection promise by hand, dropping it when the connection fails',
    );
  }
  const bound = contextBoundPart(node, false, false);
  if (bound)
    return left(
      `its arguments use ${bound}, which only exists inside ${placement.where}: build the client from module-level configuration instead`,
    );
  const handlerFn = placement.handler.fn;
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (!variable || variable.defs.length === 0) continue; // a global such as process.env
    if (variable.scope === rc.moduleScope && isStableModuleBinding(variable)) {
      const change = mutatedModuleObjectIn(rc.ctx, node, variable);
      if (change) return left(changedConfigReason(rc, identifier.name, change));
      continue;
    }
    if (variable.scope === rc.moduleScope) {
      return left(
        `the client's arguments use \`${identifier.name}\`, a module-level variable that is reassigned: build the client from values that do not change, or move it to module scope by hand`,
      );
    }
    if (variable.defs.some((def) => within(handlerFn, def.name))) {
      return left(
        `the client's arguments use \`${identifier.name}\`, which only exists per call of ${placement.where}: build it from module-level configuration and pass per-request values to the client's methods, or keep a bounded cache of clients per tenant`,
      );
    }
    return left(
      `the client's arguments use \`${identifier.name}\`, which is declared around ${placement.where}, not at module scope: build the client once there, outside the handler, and use it inside`,
    );
  }
  const varying = varyingCallIn(rc.ctx, node);
  if (varying)
    return left(
      `the client's arguments call \`${varying}\`, which may give a different value on each call (a rotating token, a value of the request's context): if it does not, move the client to module scope by hand`,
    );
  const configured = globalConfigChangeIn(rc.ctx, node, handlerFn);
  if (configured) return left(globalConfigReason(configured, placement.where));
  const assignment = plainAssignmentOf(node);
  const holderVariable =
    assignment?.left.type === 'Identifier' ? resolveIdentifier(rc.ctx, assignment.left) : undefined;
  const moduleHolder = holderVariable?.scope === rc.moduleScope ? holderVariable : undefined;
  const setUp = setUpCallOn(rc.ctx, finding, handlerFn, moduleHolder);
  if (setUp)
    return left(
      `every call of ${placement.where} runs \`${setUp}\`, which must run once on a shared client: move the client and that call to module scope by hand`,
    );
  // `pool = new Pool()` into a module-level variable: that variable already is the shared holder.
  if (assignment && moduleHolder) {
    const close = closeWithoutReset(rc.ctx, moduleHolder.name);
    return close
      ? left(closedHolderReason(moduleHolder.name, close))
      : { ok: true, edits: [memoizingOperator(rc, assignment)] };
  }
  const type = rc.typed ? clientTypeText(rc, finding) : undefined;
  if (rc.typed && !type)
    return left(
      'the client is built through an expression whose type this codemod cannot name: move it to module scope by hand',
    );

  // Handlers that build the very same client share one instance.
  const value = reindent(rc.text(node), indentAt(rc.ctx.text, node.range[0]), rc.indentUnit);
  const key = value.replace(/\s+/g, ' ');
  const shared = rc.sharedGetters.get(key);
  if (shared)
    return {
      ok: true,
      edits: [{ start: node.range[0], end: node.range[1], text: `${shared}()` }],
      sharedGetter: shared,
    };
  // A handler that declares the name itself (`const pool = new Pool()`) would shadow a module-level
  // `pool` (no-shadow): the module-level holder is then `sharedPool`, its getter still `getPool`.
  const base = baseNameFor(finding);
  const shadowed = rc.declaredInNestedScope(base);
  const holder = rc.freshModuleName(shadowed ? `shared${upperFirst(base)}` : base);
  const getter = rc.freshName(`get${upperFirst(shadowed ? base : holder)}`);
  rc.sharedGetters.set(key, getter);

  const insertAt = startWithLeadingComments(rc.ctx, topLevelStatementOf(node));
  const { eol, semi, indentUnit } = rc;
  const declaration =
    `let ${holder}${type ? `: ${type} | undefined` : ''}${semi}${eol}` +
    `function ${getter}() {${eol}${indentUnit}return (${holder} ??= ${value})${semi}${eol}}${eol}${eol}`;
  return {
    ok: true,
    edits: [
      { start: insertAt, end: insertAt, text: declaration },
      { start: node.range[0], end: node.range[1], text: `${getter}()` },
    ],
  };
}

/** An import, a function or class declaration, or a module-level variable nothing reassigns. */
function isStableModuleBinding(variable: Variable): boolean {
  return variable.defs.every((def) => {
    if (def.type === 'ImportBinding' || def.type === 'FunctionName' || def.type === 'ClassName') return true;
    if (def.type !== 'Variable') return false;
    return variable.references.every((ref) => !ref.isWrite() || ref.init);
  });
}

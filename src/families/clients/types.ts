import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../../core/ast.js';
import type { HandlerInfo } from '../../frequency/handlers.js';
import type { Repetition } from '../../frequency/repetition.js';
import type { ClientKind } from '../../knowledge/clients.js';

/*
 * What the clients detector finds, shared by the detector (construction.ts), the placement and
 * fate judgements (placement.ts), the rules and the rewrite plans.
 */

export type ClientConstruction = TSESTree.NewExpression | TSESTree.CallExpression;

/** Where a construction runs again and again. A handler wins over a loop inside it (one report, one rewrite). */
export type Placement =
  | {
      readonly kind: 'getter';
      /** The getter's function. */
      readonly fn: FunctionNode;
      /** The class member or object-literal property that declares the getter. */
      readonly member: TSESTree.MethodDefinition | TSESTree.Property;
      readonly name: string;
      /** "getter `client` of class `StorageWorker`". */
      readonly where: string;
    }
  | { readonly kind: 'loop'; readonly repetition: Repetition; readonly where: string }
  | {
      readonly kind: 'handler';
      readonly handler: HandlerInfo;
      readonly repetition: Repetition | undefined;
      readonly where: string;
      /**
       * The construction is in a helper that a handler calls (in this file or, with the project
       * index, another): what it returns goes to that per-request caller.
       */
      readonly helper: boolean;
      /**
       * The construction is in a method of a class whose one instance lives as long as the
       * process (a module's or a DI container's singleton): its methods are called again and again.
       */
      readonly serviceMethod?: boolean;
    };

export interface ClientFinding {
  /** The `new X(...)` or factory call. */
  readonly node: ClientConstruction;
  /** How the message names the client: `S3Client`, `mysql.createPool()`. */
  readonly client: string;
  /** The module it comes from; undefined for a type-aware match. */
  readonly source: string | undefined;
  readonly kind: ClientKind;
  readonly placement: Placement;
  /** The same iteration or invocation closes it (end/close/…, `using`): connection churn, not a leak. */
  readonly closed: boolean;
  /**
   * A handler closes it only when nothing awaited before the close fails (not in `finally` or
   * `catch`): every failed request leaves one open, a leak.
   */
  readonly closedOnSuccess: boolean;
  /** A helper that a handler calls returns it: each call hands that caller a new client. */
  readonly returned: boolean;
  /** `const s3 = new S3Client()`: the declarator that holds it, when that is all it is. */
  readonly declarator: TSESTree.VariableDeclarator | undefined;
  /** The construction sits under `await` (an async factory such as mysql2's createConnection). */
  readonly awaited: boolean;
  /**
   * A call of the file's own factory (`create()` whose body returns `knex(config)`), reported where
   * a handler calls it: the client it builds is named here (`knex()`).
   */
  readonly viaFactory?: string;
  /** The factory is the project's own in another file (the project index): where it builds the client, `src/db.ts:4`. */
  readonly viaFactoryAt?: string;
}

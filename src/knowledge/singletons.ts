/**
 * Dependency-injection containers that build a decorated class once per process: its instance,
 * and every field of it, lives as long as the process (no-unbounded-cache reports such a field
 * as it reports a module-level Map). A decorator counts only when imported from its framework's
 * module, and only with options that keep the default, process-wide scope.
 */
export interface SingletonProvider {
  /** The framework, for messages and docs: "NestJS". */
  readonly label: string;
  /** The modules the decorators are imported from. */
  readonly modules: readonly string[];
  readonly decorators: readonly string[];
  /**
   * An options property that, set to one of `values` (a string, or a member `Scope.REQUEST` by
   * its last name), makes the class something other than a singleton.
   */
  readonly notSingletonWhen?: { readonly property: string; readonly values: readonly string[] };
  /**
   * Of those, the scopes that build one instance per class it is injected into (NestJS's
   * TRANSIENT): still long-lived where the class injected into is a singleton, and its methods
   * still called again and again (src/frequency/service-method.ts), but not one per process.
   */
  readonly perInjectionWhen?: readonly string[];
  /** An options property that must be set to one of `values` for a singleton (Angular's `providedIn`). */
  readonly singletonOnlyWhen?: { readonly property: string; readonly values: readonly string[] };
}

/** A NestJS provider is a singleton unless its scope is per request or transient (a new one per injection). */
const NEST_SCOPE = { property: 'scope', values: ['REQUEST', 'TRANSIENT', 'request', 'transient'] } as const;
const NEST_PER_INJECTION = ['TRANSIENT', 'transient'] as const;

export const SINGLETON_PROVIDERS: readonly SingletonProvider[] = [
  {
    label: 'NestJS',
    modules: ['@nestjs/common'],
    decorators: ['Injectable', 'Controller', 'Module'],
    notSingletonWhen: NEST_SCOPE,
    perInjectionWhen: NEST_PER_INJECTION,
  },
  {
    label: 'NestJS',
    modules: ['@nestjs/graphql'],
    decorators: ['Resolver'],
    notSingletonWhen: NEST_SCOPE,
    perInjectionWhen: NEST_PER_INJECTION,
  },
  { label: 'NestJS', modules: ['@nestjs/websockets'], decorators: ['WebSocketGateway'] },
  {
    label: 'NestJS',
    modules: ['@nestjs/bull', '@nestjs/bullmq'],
    decorators: ['Processor'],
    notSingletonWhen: NEST_SCOPE,
  },
  // `providedIn: 'root'` (or 'platform'): one instance for the application. Without it the class
  // is provided where a module or component lists it, perhaps once per component.
  {
    label: 'Angular',
    modules: ['@angular/core'],
    decorators: ['Injectable'],
    singletonOnlyWhen: { property: 'providedIn', values: ['root', 'platform'] },
  },
  // typedi's container keeps one instance per service unless it is transient.
  {
    label: 'TypeDI',
    modules: ['typedi'],
    decorators: ['Service'],
    notSingletonWhen: { property: 'transient', values: ['true'] },
  },
  // tsyringe's `@singleton()` (its `@injectable()` is a new instance per resolution).
  { label: 'tsyringe', modules: ['tsyringe'], decorators: ['singleton'] },
];

import { CallerTrace } from './caller-trace.js';

/** How many `new` sites of one class are read. */
const MAX_SITES = 32;

/** Whether a constructor is handed, at one position, the event's own object at every `new` in the project. */
export interface PerEventArgument {
  readonly perEvent: boolean;
  /**
   * Every `new` hands it instead one of its module's own objects (an import, a module-level
   * `const bus = new EventEmitter()`): one object shared by every instance, which outlives them.
   */
  readonly shared?: boolean;
  /** Why, for a message or a test: the first site that is not, or where the objects come from. */
  readonly evidence: string[];
}

/**
 * Reads every `new` of a class in the project (outside tests) for what its constructor's parameter
 * `i` is given: per event when each one hands on, as it is, a parameter of the handler it runs in,
 * a function the project's registrations run again and again (`io.on('connection', (socket) =>
 * new Adapter(socket))`). Such an object is the event's own (the connection's socket, the
 * request), made for that event: what each instance adds to it goes with it. A class built anywhere
 * else (start-up code, a helper, a call outside the project), or handed a module's object or a
 * member of the event's object, is not shown so. Where every `new` hands it a module's own object
 * (CallFact `moduleArgs`: `new Relay(bus)`), the object is `shared` by every instance.
 */
export class PerEventArgumentTracer extends CallerTrace {
  of(file: number, ctor: number, i: number): PerEventArgument {
    const node = this.graph.base[file]! + 1 + ctor;
    const what = `${this.facts[file]!.functions[ctor]!.name} (${this.at(file, this.facts[file]!.functions[ctor]!.line)})`;
    const sites = this.callersOf(node).filter((edge) => !this.graph.testFiles[edge.file]);
    if (sites.length === 0) return { perEvent: false, evidence: [`nothing in the project builds ${what}`] };
    if (sites.length > MAX_SITES)
      return { perEvent: false, evidence: [`${what} is built at more than ${MAX_SITES} places`] };
    const newCalls = sites.map((edge) =>
      edge.kind === 'new' && edge.call !== undefined ? this.facts[edge.file]!.calls[edge.call] : undefined,
    );
    if (newCalls.every((call) => call?.moduleArgs?.includes(i) === true))
      return {
        perEvent: false,
        shared: true,
        evidence: sites
          .slice(0, 4)
          .map((edge) => `${what} built at ${this.at(edge.file, edge.line)} with a module's object`),
      };
    const evidence: string[] = [];
    for (const [site, edge] of sites.entries()) {
      const head = `${what} built at ${this.at(edge.file, edge.line)}`;
      const call = newCalls[site];
      if (!call || call.from < 0 || call.ownParams?.[i] == null)
        return { perEvent: false, evidence: [`${head} is not handed a parameter of the function it runs in`] };
      const entry = this.entries.get(this.graph.base[edge.file]! + 1 + call.from);
      if (entry?.kind !== 'repeats')
        return { perEvent: false, evidence: [`${head} is handed a parameter of a function that is not a handler`] };
      evidence.push(`${head} with the own object of the ${entry.description}`);
    }
    return { perEvent: true, evidence: evidence.slice(0, 4) };
  }
}

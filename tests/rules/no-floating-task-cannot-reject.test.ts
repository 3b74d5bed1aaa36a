import rule, { type Options } from '../../rules/no-floating-task.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * Dropped tasks whose callee cannot reject, read from code the rule used to stop at (set 31): a
 * dispatch table of handlers that only emit (a log server's per-message handlers), an awaited
 * emitter dispatch (a meeting client's `sendToServer`), and `for await` over an emitter's event
 * stream or over an async generator that cannot reject (a cloud region's consumer loops), and an
 * async lookup that returns an instance it builds (a camera plugin's devices). Each is
 * left alone, and reported with `reportHandled`; each twin that can reject is reported.
 */

/** A log server's message handlers, looked up by a message's prefix and called only when there is one. */
const DISPATCH = `async function handleMessage(io, parts) {
  io.to(parts[1]).emit('+msg', parts);
}
async function handleInput(io, parts) {
  inputs.add(parts[1]);
  io.emit('+input', parts);
}
const handlers = { '+msg': handleMessage, '+input': handleInput };
export function broadcast(io, messages) {
  messages.forEach(async (msg) => {
    const parts = msg.split('|');
    const handler = handlers[parts[0]];
    if (handler) {
      await handler(io, parts);
    } else {
      console.error('unknown message', parts[0]);
    }
  });
}`;

/** An awaited dispatch of a library's emitter, per peer. */
const SEND_TO_SERVER = `async function sendToServer(msg, config = {}) {
  await signalingSocket.emit(msg, config);
}
export function kickAll(peers) {
  for (const peer of peers) sendToServer('kickOut', { peer });
}`;

/** Consumer loops over an emitter's event stream, which ends when the socket closes, per region. */
const CONSUME_EVENTS = `async function watch(region) {
  while (region.socket) {
    for await (const event of region.socket.listener('error')) {
      region.setState({ connected: false, error: event.message });
    }
  }
}
export function watchAll(regions) {
  for (const region of regions) watch(region);
}`;

/** \`for await\` over an async generator of this file that cannot reject. */
const COUNT_TICKS = `async function* ticks(n) {
  for (let i = 0; i < n; i++) {
    yield i;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
async function count(n) {
  for await (const tick of ticks(n)) console.log(tick);
}
export function countAll(counts) {
  for (const n of counts) count(n);
}`;

/** An async lookup that only builds the device object it returns, per camera update. */
const GET_DEVICE = `class Camera {
  async getDevice(id) {
    if (id.endsWith('-siren')) return new Siren(this);
    return new Light(this);
  }
  async updateState(data) {
    const device = await this.getDevice(data.id);
    device.on = data.on;
  }
  updateAll(updates) {
    for (const data of updates) this.updateState(data);
  }
}`;

/** A roaming update per tag whose catch reports the failure to a logger, as `.catch(report)` would (set 37). */
const REPORTED_IN_CATCH = `class TagService {
  static async updateRoaming(tag) {
    try {
      await ocpi.push(tag);
    } catch (error) {
      await Logging.logError({ message: 'roaming update failed', details: { error: error.stack } });
    }
  }
  static saveAll(tags) {
    for (const tag of tags) TagService.updateRoaming(tag);
  }
}`;

const CANNOT_REJECT: { code: string; messageId?: 'asyncForEach' | 'floatingTask'; line: number; column: number }[] = [
  { code: DISPATCH, messageId: 'asyncForEach', line: 10, column: 20 },
  { code: SEND_TO_SERVER, line: 5, column: 29 },
  { code: CONSUME_EVENTS, line: 9, column: 33 },
  { code: COUNT_TICKS, line: 11, column: 27 },
  { code: GET_DEVICE, line: 11, column: 33 },
  { code: REPORTED_IN_CATCH, line: 10, column: 29 },
];

ruleTester.run('no-floating-task: callees that cannot reject', rule, {
  valid: CANNOT_REJECT.map(({ code }) => ({ code })),
  invalid: [
    ...CANNOT_REJECT.map(({ code, messageId = 'floatingTask' as const, line, column }) => ({
      code,
      options: [{ typeAware: false, reportHandled: true }] as Options,
      errors: [{ messageId, line, column }],
    })),
    // DISPATCH's twins: a handler awaits a write that can fail; the lookup is called unguarded (a
    // missing key throws); the table gains an entry nothing here reads.
    {
      code: DISPATCH.replace('inputs.add(parts[1]);', 'await db.save(parts[1]);'),
      errors: [{ messageId: 'asyncForEach', line: 10 }],
    },
    {
      code: DISPATCH.replace('if (handler) {', 'if (parts.length > 1) {'),
      errors: [{ messageId: 'asyncForEach', line: 10 }],
    },
    {
      code: `${DISPATCH}\nhandlers['+ping'] = ping;`,
      errors: [{ messageId: 'asyncForEach', line: 10 }],
    },
    // SEND_TO_SERVER's twins: emitting 'error' throws when nothing listens; an emit this file
    // declares is followed, and it awaits a request.
    {
      code: SEND_TO_SERVER.replace('emit(msg, config)', "emit('error', config)"),
      errors: [{ messageId: 'floatingTask', line: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `class Signal {
  async emit(msg, config) {
    await fetch('/signal', { method: 'POST', body: JSON.stringify({ msg, config }) });
  }
  async send(msg, config) {
    await this.emit(msg, config);
  }
  kickAll(peers) {
    for (const peer of peers) this.send('kickOut', { peer });
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 9, suggestions: codemodSuggestion }],
    },
    // CONSUME_EVENTS's twins: the loop's body awaits a write; the source is a stream nothing
    // here reads (Node's events.on rejects on an 'error' event).
    {
      code: CONSUME_EVENTS.replace('region.setState(', 'await region.store.save('),
      errors: [{ messageId: 'floatingTask', line: 9, suggestions: codemodSuggestion }],
    },
    {
      code: CONSUME_EVENTS.replace("region.socket.listener('error')", "on(region.socket, 'error')"),
      errors: [{ messageId: 'floatingTask', line: 9, suggestions: codemodSuggestion }],
    },
    // COUNT_TICKS's twin: the generator awaits a request between ticks.
    {
      code: COUNT_TICKS.replace('new Promise((resolve) => setTimeout(resolve, 10))', "fetch('/tick')"),
      errors: [{ messageId: 'floatingTask', line: 11, suggestions: codemodSuggestion }],
    },
    // REPORTED_IN_CATCH's twin: the catch awaits a call that is not given the failure.
    {
      code: REPORTED_IN_CATCH.replace(', details: { error: error.stack }', ''),
      errors: [{ messageId: 'floatingTask', line: 10, suggestions: codemodSuggestion }],
    },
    // GET_DEVICE's twin: the lookup returns a promise of a request's answer.
    {
      code: GET_DEVICE.replace(
        'return new Light(this);',
        'return new Promise((resolve, reject) => api.get(id, (err, d) => (err ? reject(err) : resolve(d))));',
      ),
      errors: [{ messageId: 'floatingTask', line: 11, suggestions: codemodSuggestion }],
    },
  ],
});

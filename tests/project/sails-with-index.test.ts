import { afterEach, describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/project/extract.js';
import { registryModules } from '../../src/project/registry-files.js';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-sails');

afterEach(() => forgetProjectState());

describe('Sails helpers and actions with the project index', () => {
  it("follow sails.helpers calls to the helper's fn, from the actions that run per request", async () => {
    const findings = await lintProject(root, true, ['server']);
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task server/api/controllers/NotificationController.js:15',
      'no-client-in-handler server/api/helpers/notify/publisher-for.js:9',
      'no-client-in-handler server/api/helpers/queues/queue-for.js:9',
    ]);
    expect(findings[2]!.message).toContain(
      'runs per request: called from the Sails action queues/add (server/api/controllers/queues/add.js:5)',
    );
  });

  it("follow sails.hooks calls to the hook's methods, and name an action before a shorter chain from an event", async () => {
    const findings = await lintProject(root, true, ['server']);
    expect(findings[1]!.message).toContain(
      'runs per request: called from the Sails action messages/send (server/api/controllers/messages/send.js:4) through fn() → notify()',
    );
  });

  it('without the index, see neither the per-request helper nor the helper that catches its own failures', async () => {
    expect((await lintProject(root, false, ['server'])).map((f) => f.at)).toEqual([
      'no-floating-task server/api/controllers/NotificationController.js:14',
      'no-floating-task server/api/controllers/NotificationController.js:15',
    ]);
  });
});

describe('sails.helpers in one file', () => {
  const calleeOf = (code: string) => extractFacts('api/hooks/x.js', code).calls[0]?.callee;
  const helper = {
    k: 'member',
    of: { k: 'member', of: { k: 'global', name: 'sails.helpers' }, name: 'utils' },
    name: 'send',
  };

  it('is the global, a parameter named sails, this.sails or require("sails")', () => {
    expect(calleeOf('sails.helpers.utils.send();')).toEqual(helper);
    expect(
      calleeOf('module.exports = function (sails) { return { init() { sails.helpers.utils.send(); } }; };'),
    ).toEqual(helper);
    expect(calleeOf('module.exports = { init() { this.sails.helpers.utils.send(); } };')).toEqual(helper);
    expect(calleeOf("const sails = require('sails');\nsails.helpers.utils.send();")).toEqual(helper);
  });

  it('is not a sails the file makes itself', () => {
    expect(calleeOf('const sails = { helpers: {} };\nsails.helpers.utils.send();')).not.toEqual(helper);
    expect(calleeOf('class Hook { run() { this.sails.helpers.utils.send(); } }')).not.toEqual(helper);
  });
});

describe('Sails hooks in one file', () => {
  it('are the object their module.exports function returns', () => {
    const facts = extractFacts(
      'api/hooks/notifier/index.js',
      'module.exports = function (sails) { return { initialize(done) { done(); }, notify() {} }; };',
    );
    expect(facts.cjsReturns).toEqual({
      k: 'object',
      members: { initialize: { k: 'fn', i: 1 }, notify: { k: 'fn', i: 2 } },
    });
    expect(extractFacts('a.js', 'module.exports = function (x) { if (x) return {}; return x; };').cjsReturns).toBe(
      undefined,
    );
  });
});

describe('Sails actions', () => {
  const actionsOf = (code: string, file: string) =>
    extractFacts(file, code).entries.map((e) => [e.description, e.kind, e.repeatKind ?? null]);

  it("are an actions2 module's fn, each function of a classic controller", () => {
    expect(
      actionsOf('module.exports = { inputs: {}, async fn(inputs) {} };', 'api/controllers/cards/create.js'),
    ).toEqual([['Sails action cards/create', 'repeats', 'request']]);
    expect(
      actionsOf(
        'module.exports = { find(req, res) {}, async update(req, res) {}, _config: {} };',
        'server/api/controllers/CardController.js',
      ),
    ).toEqual([
      ['Sails action CardController.find', 'repeats', 'request'],
      ['Sails action CardController.update', 'repeats', 'request'],
    ]);
  });

  it('are only in api/controllers, and not a function module.exports is (a factory a router calls once)', () => {
    expect(actionsOf('module.exports = { async fn(inputs) {} };', 'api/helpers/cards/create.js')).toEqual([]);
    expect(
      actionsOf(
        'module.exports = function UserController(gladys) { return { get: (req, res) => res.json(gladys.users) }; };',
        'server/api/controllers/user.controller.js',
      ),
    ).toEqual([]);
  });
});

describe('helper modules', () => {
  const files = [
    'api/helpers/utils/send-email.js',
    'server/api/helpers/utils/send-email.js',
    'server/api/helpers/_internal/map-records.js',
    'server/api/controllers/cards/create.js',
    'api/controllers/x.js',
  ];
  const helperOf = registryModules(files);

  it("are found by the camel-cased path under the calling app's api/helpers, the nearest app first", () => {
    expect(helperOf(3, 'sails.helpers', ['utils', 'sendEmail', 'with'])).toMatchObject({ file: 1, rest: ['with'] });
    expect(helperOf(4, 'sails.helpers', ['utils', 'sendEmail'])).toMatchObject({ file: 0, rest: [] });
    expect(helperOf(3, 'sails.helpers', ['internal', 'mapRecords'])).toMatchObject({ file: 2, rest: [] });
    expect(helperOf(3, 'sails.helpers', ['utils', 'hash'])).toBeUndefined();
  });

  it("are a hook's folder holding index.js, or its file, by the name lower-cased", () => {
    const hookOf = registryModules([
      'api/hooks/discordNotifications/index.js',
      'api/hooks/bullboard.js',
      'api/hooks/sdtdLogs/LoggingObject.js',
      'api/controllers/x.js',
    ]);
    expect(hookOf(3, 'sails.hooks', ['discordnotifications', 'send'])).toMatchObject({ file: 0, rest: ['send'] });
    expect(hookOf(3, 'sails.hooks', ['bullboard'])).toMatchObject({ file: 1, rest: [] });
    expect(hookOf(3, 'sails.hooks', ['sdtdlogs', 'getLoggingObject'])).toBeUndefined();
  });
});

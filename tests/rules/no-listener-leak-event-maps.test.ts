import rule, { type Options } from '../../rules/no-listener-leak.js';
import { createListenerLeakDetector, type ListenerLeakOptions } from '../../src/families/tasks/listener-leak.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** The detector's options for the rule's, as the rule passes them. */
const detectorOptions = (options: Options | undefined): ListenerLeakOptions => ({
  reportUnknownCallers: options?.[0]?.reportUnknownCallers ?? false,
});

/** How a loop walks an event map: its keys, its entries (two ways) or, with `for…in`, its keys again. */
type Walk = 'keys' | 'entries' | 'for-of' | 'for-in';

/** A loop that calls `target.method(eventName, callback)` for each event of `map`, walked as `walk` says. */
function eachEvent(walk: Walk, map: string, target: string, method: string): string {
  switch (walk) {
    case 'keys':
      return `Object.keys(${map}).forEach((eventName) => {
      const callback = ${map}[eventName];
      ${target}.${method}(eventName, callback);
    });`;
    case 'entries':
      return `Object.entries(${map}).forEach(([eventName, callback]) => ${target}.${method}(eventName, callback));`;
    case 'for-of':
      return `for (const [eventName, callback] of Object.entries(${map})) ${target}.${method}(eventName, callback);`;
    case 'for-in':
      return `for (const eventName in ${map}) ${target}.${method}(eventName, ${map}[eventName]);`;
  }
}

/**
 * A class component (cncjs's widgets) that adds the listeners of an event map on mount and takes
 * them off on unmount: `add` and `remove` are the bodies of the two methods. The add is on line 19, or 21 for `keys`.
 */
const widget = (add: string, remove: string): string => `import controller from 'app/lib/controller';
import combokeys from 'app/lib/combokeys';

const shortcuts = { 'cycle-axis': () => cycleAxis() };

class Widget extends PureComponent {
  controllerEvents = {
    'serialport:open': (options) => this.setState({ port: options.port }),
    'serialport:close': () => this.setState({ port: '' }),
  };
  otherEvents = {};
  componentDidMount() {
    this.addControllerEvents();
  }
  componentWillUnmount() {
    this.removeControllerEvents();
  }
  addControllerEvents() {
    ${add}
  }
  removeControllerEvents() {
    ${remove}
  }
}
`;

/** The add and its removal, both walking `map` the same way. */
const paired = (walk: Walk, map: string, target: string): string =>
  widget(eachEvent(walk, map, target, 'addListener'), eachEvent(walk, map, target, 'removeListener'));

const errorsAt = (line: number) => [{ messageId: 'listenerLeak' as const, line }];

// A listener read from an event map by the loop's key is removed by a loop over the same keys of
// the same map that reads its entries the same way and removes them from the same target.
ruleTester.run('no-listener-leak: listeners of an event map', rule, {
  valid: checkExemptions(
    [
      // The cncjs shape: a `this.` field, Object.keys(…).forEach, an imported singleton.
      { code: paired('keys', 'this.controllerEvents', 'controller'), exemptBy: 'removed-in-file' },
      // The same with Object.entries(…).forEach, for…of Object.entries(…) and for…in.
      { code: paired('entries', 'this.controllerEvents', 'controller'), exemptBy: 'removed-in-file' },
      { code: paired('for-of', 'this.controllerEvents', 'controller'), exemptBy: 'removed-in-file' },
      { code: paired('for-in', 'this.controllerEvents', 'controller'), exemptBy: 'removed-in-file' },
      // A module const as the map, another imported singleton as the target.
      { code: paired('keys', 'shortcuts', 'combokeys'), exemptBy: 'removed-in-file' },
      { code: paired('for-in', 'shortcuts', 'combokeys'), exemptBy: 'removed-in-file' },
      // A field as the target.
      { code: paired('keys', 'this.controllerEvents', 'this.controller'), exemptBy: 'removed-in-file' },
      // Read into a const on one side, read in place on the other: the same entry.
      {
        code: widget(
          eachEvent('keys', 'this.controllerEvents', 'controller', 'addListener'),
          `Object.keys(this.controllerEvents).forEach((name) => controller.removeListener(name, this.controllerEvents[name]));`,
        ),
        exemptBy: 'removed-in-file',
      },
    ],
    createListenerLeakDetector,
    detectorOptions,
  ),
  invalid: [
    {
      // Removed from another map.
      code: widget(
        eachEvent('keys', 'this.controllerEvents', 'controller', 'addListener'),
        eachEvent('keys', 'this.otherEvents', 'controller', 'removeListener'),
      ),
      errors: errorsAt(21),
    },
    {
      // Keys of another map, entries read from this one: not the same entries.
      code: widget(
        eachEvent('keys', 'this.controllerEvents', 'controller', 'addListener'),
        `Object.keys(this.otherEvents).forEach((name) => controller.removeListener(name, this.controllerEvents[name]));`,
      ),
      errors: errorsAt(21),
    },
    {
      // Removed from another target.
      code: widget(
        eachEvent('for-in', 'this.controllerEvents', 'controller', 'addListener'),
        eachEvent('for-in', 'this.controllerEvents', 'combokeys', 'removeListener'),
      ),
      errors: errorsAt(19),
    },
    {
      // Nothing removes them.
      code: widget(eachEvent('keys', 'this.controllerEvents', 'controller', 'addListener'), ''),
      errors: errorsAt(21),
    },
    {
      // Nothing removes them from the field either.
      code: widget(eachEvent('keys', 'this.controllerEvents', 'this.controller', 'addListener'), ''),
      errors: errorsAt(21),
    },
    {
      // Only one named entry is removed.
      code: widget(
        eachEvent('keys', 'this.controllerEvents', 'controller', 'addListener'),
        `controller.removeListener('serialport:open', this.controllerEvents['serialport:open']);`,
      ),
      errors: errorsAt(21),
    },
    {
      // for…in walks the map's keys, for…of its entries: another kind of loop, not matched.
      code: widget(
        eachEvent('for-in', 'this.controllerEvents', 'controller', 'addListener'),
        eachEvent('for-of', 'this.controllerEvents', 'controller', 'removeListener'),
      ),
      errors: errorsAt(19),
    },
    {
      // An entry read by its own name (a TDZ error at run time) names no entry: no match, and no
      // endless recursion.
      code: paired('keys', 'this.controllerEvents', 'controller').replaceAll('[eventName]', '[callback]'),
      errors: errorsAt(21),
    },
    {
      // The entry a const holds is replaced before it is removed: no longer the one added.
      code: widget(
        eachEvent('keys', 'this.controllerEvents', 'controller', 'addListener'),
        `Object.keys(this.controllerEvents).forEach((eventName) => {
      let callback = this.controllerEvents[eventName];
      callback = wrap(callback);
      controller.removeListener(eventName, callback);
    });`,
      ),
      errors: errorsAt(21),
    },
  ],
});

import { describe, expect, it, vi } from 'vitest';

// A project without oxc-parser installed (an optional peer dependency): the reason names the
// missing package and the command that installs both.
vi.mock('node:module', async (original) => {
  const actual = await original<typeof import('node:module')>();
  return {
    ...actual,
    createRequire: (from: string) => {
      const real = actual.createRequire(from);
      return Object.assign((id: string) => {
        if (id === 'oxc-parser') throw new Error("Cannot find module 'oxc-parser'\nRequire stack: …");
        return real(id) as unknown;
      }, real);
    },
  };
});

const { missingIndexDependency } = await import('../../src/project/native.js');

describe('missingIndexDependency', () => {
  it('names the missing package and how to install both', () => {
    expect(missingIndexDependency()).toBe(
      "oxc-parser and oxc-resolver are needed for the project index (Cannot find module 'oxc-parser'): install them beside the plugin, npm i -D oxc-parser oxc-resolver",
    );
  });
});

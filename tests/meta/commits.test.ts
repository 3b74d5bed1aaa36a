// The team's habit, checked rather than remembered: a commit subject of at most 72 characters (the
// detail goes in the body), so `git log --oneline` and GitHub's titles are never cut. History before
// HABIT_SINCE (the commit that added this test) is what it is; only what came after is checked.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HABIT_SINCE = '8b57d67';
const MAX_SUBJECT = 72;

/** Subjects of the commits after `since` on HEAD, or undefined when there is no such history here. */
function subjectsSince(since: string): string[] | undefined {
  try {
    const log = execFileSync('git', ['log', '--format=%h %s', `${since}..HEAD`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return log.split('\n').filter(Boolean);
  } catch {
    return undefined; // not a git checkout (a packed tarball) or a shallow clone without that commit
  }
}

function longSubjects(lines: readonly string[], max = MAX_SUBJECT): string[] {
  return lines.filter((line) => line.slice(line.indexOf(' ') + 1).length > max);
}

describe('commit subjects', () => {
  it('finds a subject over the limit (the check can fail)', () => {
    expect(longSubjects([`abc1234 ${'x'.repeat(72)}`, `def5678 ${'y'.repeat(73)}`])).toEqual([
      `def5678 ${'y'.repeat(73)}`,
    ]);
  });

  const subjects = subjectsSince(HABIT_SINCE);
  it.skipIf(subjects === undefined)(`are at most ${MAX_SUBJECT} characters after ${HABIT_SINCE}`, () => {
    expect(longSubjects(subjects!)).toEqual([]);
  });
});

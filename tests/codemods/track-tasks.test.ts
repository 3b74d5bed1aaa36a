import { codemod } from '../../codemods/track-tasks.js';
import { describeCodemodFixtures } from '../helpers/codemod-fixtures.js';

describeCodemodFixtures(codemod, { rules: ['no-untracked-interval', 'no-listener-leak', 'no-floating-task'] });

// Runs after the jest environment is set up for every LWC test: enables `expect(el).toBeAccessible()`.
import { registerSa11yMatcher } from '@sa11y/jest';

registerSa11yMatcher();

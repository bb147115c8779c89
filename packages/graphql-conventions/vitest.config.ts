import { sharedVitestConfig } from '@shopgraph/testing/vitest-config';

export default sharedVitestConfig;

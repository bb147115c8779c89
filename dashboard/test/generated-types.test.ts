// @vitest-environment node
import { itGeneratesCurrentTypes } from '@shopgraph/testing/generated-types';
import config from '../codegen';

itGeneratesCurrentTypes(config, new URL('..', import.meta.url));

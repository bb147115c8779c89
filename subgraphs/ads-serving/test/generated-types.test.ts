import { itGeneratesCurrentTypes } from '@shopgraph/testing/generated-types';
import config from '../codegen.js';

itGeneratesCurrentTypes(config, new URL('..', import.meta.url));

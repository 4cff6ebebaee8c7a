/**
 * @module
 * Mastra processors built on `@orkit/security` (an optional peer dependency: install it to use this entry).
 */

export { type SecretRedactionProcessorOptions, secretRedactionProcessor } from './output-processors.js';
export {
  type InjectionGuardProcessorOptions,
  injectionGuardProcessor,
  type PiiRedactionProcessorOptions,
  piiRedactionProcessor,
} from './security-processors.js';

/**
 * @module
 * Part pipes alone: the stages of a middleware stack run in one pull loop over a model stream instead of a web
 * stream each. No provider, no zod, nothing to load.
 */
export { type Emit, type PartPipe, type PipeStage, partPipe, pipeStage } from './part-pipe.js';

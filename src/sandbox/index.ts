export { renderBlocksToText, type UserLookup } from './render.js';
export { SlackSandbox } from './sandbox.js';
export { formBody, postSigned, slackSignature, wallClockSecondsForSigning } from './signing.js';
export type * from './types.js';

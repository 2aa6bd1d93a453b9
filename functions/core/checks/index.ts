/**
 * Our small schema vocabulary (see `schema.ts`): the API's requests and the documents it takes
 * are written in it, and the configuration's zod schemas compose them (`config/zod-form.ts`).
 */
export * from './schema.js';
export * from './scalars.js';
export * from './composites.js';

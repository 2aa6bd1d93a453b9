/**
 * zod's tree-shakable "mini" API with the English messages the classic API sets when it loads
 * (`z.config(en())`), so a schema reads the same to a user whichever API a bundle carries. The
 * schemas a Lambda validates requests with are written against this (issue 6's bundle budget);
 * the configuration's larger schemas stay classic and compose them.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';

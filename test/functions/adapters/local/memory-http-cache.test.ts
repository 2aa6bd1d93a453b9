import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { httpCacheContract } from '../aws/contract/http-cache.contract.js';

httpCacheContract('MemoryHttpCache', () => Promise.resolve(new MemoryHttpCache()));

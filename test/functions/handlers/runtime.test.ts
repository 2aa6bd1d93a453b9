import { afterEach, describe, expect, it, vi } from 'vitest';
import { provideLocalDeps } from '../../../functions/adapters/local/local-runtime.js';
import { baseDeps } from '../../../functions/handlers/base-deps.js';
import { upkeepRuntime } from '../../../functions/handlers/runtime.js';
import { fakeAppDeps } from '../../support/fakes/index.js';

describe('Module: runtime', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('names the runtime, and refuses a missing or unknown one instead of falling back to AWS', () => {
    expect(upkeepRuntime({ UPKEEP_RUNTIME: 'aws' })).toBe('aws');
    expect(upkeepRuntime({ UPKEEP_RUNTIME: 'local' })).toBe('local');
    expect(() => upkeepRuntime({})).toThrow('UPKEEP_RUNTIME must be "aws" or "local", got nothing');
    expect(() => upkeepRuntime({ UPKEEP_RUNTIME: 'gcp' })).toThrow('UPKEEP_RUNTIME must be "aws" or "local", got "gcp"');
  });

  it('gives the document routes what the local runtime provides now, after a restart too', async () => {
    // Prepare
    vi.stubEnv('UPKEEP_RUNTIME', 'local');
    const first = fakeAppDeps();
    const second = { ...fakeAppDeps(), apiUrl: 'http://127.0.0.1:9999' };

    // Act
    provideLocalDeps(first);
    const before = await baseDeps();
    provideLocalDeps(second);
    const after = await baseDeps();

    // Assess
    expect(before).toBe(first);
    expect(after).toBe(second);
  });

  it('rejects when the runtime is not set', async () => {
    vi.stubEnv('UPKEEP_RUNTIME', undefined);
    await expect(baseDeps()).rejects.toThrow('UPKEEP_RUNTIME must be "aws" or "local", got nothing');
  });
});

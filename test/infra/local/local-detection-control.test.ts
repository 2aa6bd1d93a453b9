import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDetectionControl } from '../../../infra/local/local-detection-control.js';

describe('Class: LocalDetectionControl', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops and starts the attached scheduler, and a new instance on the same file remembers "stopped"', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'upkeep-detection-'));
    const file = join(dir, 'detection.json');
    const calls: string[] = [];
    const detection = new LocalDetectionControl({ file });
    detection.attach({ start: () => calls.push('start'), stop: () => calls.push('stop') });

    // Act
    await detection.setEnabled(false, 'ops@example.com', '2025-01-15T12:00:00.000Z');
    await detection.setEnabled(false, 'ops@example.com', '2025-01-15T12:00:01.000Z');
    await detection.recordRun('2025-01-15T12:00:02.000Z');
    const afterRestart = await new LocalDetectionControl({ file }).status();
    await detection.setEnabled(true, 'ops@example.com', '2025-01-15T12:00:03.000Z');

    // Assess
    expect(calls).toEqual(['stop', 'start']);
    expect(afterRestart).toMatchObject({ enabled: false, changedBy: 'ops@example.com', lastRunAt: '2025-01-15T12:00:02.000Z', schedules: ['local'] });
    expect((await detection.status()).enabled).toBe(true);
  });

  it('is enabled when nothing was ever stopped', async () => {
    dir = await mkdtemp(join(tmpdir(), 'upkeep-detection-'));
    expect(await new LocalDetectionControl({ file: join(dir, 'detection.json') }).status()).toEqual({ enabled: true, schedules: ['local'] });
  });

  it('reads the file once and then answers from memory, its own changes included', async () => {
    // Prepare: the data directory's lock keeps other writers out; a write behind its back shows it reads no more
    dir = await mkdtemp(join(tmpdir(), 'upkeep-detection-'));
    const file = join(dir, 'detection.json');
    const detection = new LocalDetectionControl({ file });
    const first = await detection.status();
    await writeFile(file, JSON.stringify({ enabled: false }));

    // Act
    const cached = await detection.status();
    await detection.recordRun('2025-01-15T12:00:00.000Z');
    const afterRun = await detection.status();

    // Assess
    expect(first.enabled).toBe(true);
    expect(cached.enabled).toBe(true);
    expect(afterRun).toEqual({ enabled: true, lastRunAt: '2025-01-15T12:00:00.000Z', schedules: ['local'] });
  });
});

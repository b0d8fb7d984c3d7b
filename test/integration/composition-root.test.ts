import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';

/**
 * The composition root's own promises: what it builds once it keeps, a failed build it forgets, and
 * a rehearsal fixes the business clock but never the clock leases are kept by.
 */
describe('the composition root', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.stop());

  it('a secret that could not be fetched is fetched again on the next use, not failed for the life of the process', async () => {
    // Prepare: the first fetch fails (Secrets Manager unreachable at a cold start), the second works.
    let fetches = 0;
    const secret = async () => {
      fetches += 1;
      if (fetches === 1) throw new Error('secrets manager unreachable');
      return Buffer.from('4c'.repeat(32), 'hex');
    };
    const root = testRoot(p, '4c'.repeat(32), { secret });
    // Act and assess: the first use fails with the fetch's error; the next one succeeds, and is kept.
    await expect(root.holders()).rejects.toThrow('secrets manager unreachable');
    const holders = await root.holders();
    expect(holders.controlNumbers).toBeDefined();
    expect(await root.holders()).toBe(holders);
    expect(fetches).toBe(2);
  });

  it('under PROXYDESK_NOW the use cases see the rehearsed instant while leases keep the real time', async () => {
    // Prepare: a rehearsal of Wednesday 5 June 2024, 16:30 in California.
    const root = testRoot({ ...p, config: { ...p.config, fixedNow: '2024-06-05T16:30:00-07:00' } }, '4c'.repeat(32));
    const before = Date.now();
    // Act
    const deps = await root.distribution();
    const fulfil = await root.fulfilment();
    // Assess: the business clock is the rehearsed instant (23:30Z); the lease clock is now.
    expect(deps.now()).toBe('2024-06-05T23:30:00.000Z');
    expect(fulfil.now()).toBe('2024-06-05T23:30:00.000Z');
    for (const leaseNow of [deps.leaseClock(), fulfil.leaseClock()]) {
      expect(Date.parse(leaseNow)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(leaseNow)).toBeLessThanOrEqual(Date.now());
    }
  });
});

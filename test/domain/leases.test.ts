import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors.js';
import { withLease, type Leases } from '../../shared/domain/leases.js';

/** An in-memory lease table with the adapter's rule: free, ours, or expired. */
function memoryLeases() {
  const held = new Map<string, { owner: string; until: string }>();
  const calls: string[] = [];
  const leases: Leases = {
    acquire: async (scope, owner, until, now) => {
      calls.push(`acquire ${scope} ${owner} ${until}`);
      const h = held.get(scope);
      if (h && h.owner !== owner && h.until >= now) return false;
      held.set(scope, { owner, until });
      return true;
    },
    release: async (scope, owner) => {
      calls.push(`release ${scope} ${owner}`);
      if (held.get(scope)?.owner === owner) held.delete(scope);
    },
  };
  return { leases, held, calls };
}

const counter = () => {
  let n = 0;
  return { next: () => `owner-${++n}` };
};

describe('withLease', () => {
  it('takes the lease for 60 s, runs the work, releases it', async () => {
    const m = memoryLeases();
    const out = await withLease(
      { leases: m.leases, ids: counter(), leaseClock: () => '2026-01-05T10:00:00.000Z' },
      { scope: 's1', busy: 'busy' },
      async () => 'done',
    );
    expect(out).toBe('done');
    // 10:00:00 + 60 s = 10:01:00
    expect(m.calls).toEqual(['acquire s1 owner-1 2026-01-05T10:01:00.000Z', 'release s1 owner-1']);
    expect(m.held.size).toBe(0);
  });

  it('refuses with ConflictError (the busy message) while another owner holds it, and does not run the work', async () => {
    const m = memoryLeases();
    m.held.set('s1', { owner: 'other', until: '2026-01-05T10:00:30.000Z' });
    let ran = false;
    const p = withLease(
      { leases: m.leases, ids: counter(), leaseClock: () => '2026-01-05T10:00:00.000Z' },
      { scope: 's1', busy: 'someone else is on it' },
      async () => {
        ran = true;
      },
    );
    await expect(p).rejects.toThrow(ConflictError);
    await expect(p).rejects.toThrow('someone else is on it');
    expect(ran).toBe(false);
    expect(m.held.get('s1')?.owner).toBe('other');
  });

  it('takes over an expired lease', async () => {
    const m = memoryLeases();
    m.held.set('s1', { owner: 'dead', until: '2026-01-05T09:59:59.000Z' });
    await withLease(
      { leases: m.leases, ids: counter(), leaseClock: () => '2026-01-05T10:00:00.000Z' },
      { scope: 's1', busy: 'busy' },
      async () => expect(m.held.get('s1')?.owner).toBe('owner-1'),
    );
  });

  it('renews only once a quarter of the lease (15 s) has passed, and stops when the lease was lost', async () => {
    const m = memoryLeases();
    let now = '2026-01-05T10:00:00.000Z';
    const p = withLease(
      { leases: m.leases, ids: counter(), leaseClock: () => now },
      { scope: 's1', busy: 'busy', lost: 'lost it' },
      async (lease) => {
        now = '2026-01-05T10:00:14.000Z'; // 14 s: no write
        await lease.renew();
        now = '2026-01-05T10:00:15.000Z'; // 15 s: renewed until 10:01:15
        await lease.renew();
        // Another process takes it (as if ours had expired), then 20 s later we try to renew.
        m.held.set('s1', { owner: 'thief', until: '2026-01-05T10:05:00.000Z' });
        now = '2026-01-05T10:00:35.000Z';
        await lease.renew();
      },
    );
    await expect(p).rejects.toThrow('lost it');
    expect(m.calls).toEqual([
      'acquire s1 owner-1 2026-01-05T10:01:00.000Z',
      'acquire s1 owner-1 2026-01-05T10:01:15.000Z',
      'acquire s1 owner-1 2026-01-05T10:01:35.000Z',
      'release s1 owner-1',
    ]);
    expect(m.held.get('s1')?.owner).toBe('thief'); // releasing did not free the other owner's lease
  });

  it('releases when the work throws, and each call has its own owner', async () => {
    const m = memoryLeases();
    const deps = { leases: m.leases, ids: counter(), leaseClock: () => '2026-01-05T10:00:00.000Z' };
    await expect(
      withLease(deps, { scope: 's1', busy: 'busy' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await withLease(deps, { scope: 's1', busy: 'busy' }, async () => undefined);
    expect(m.calls).toEqual([
      'acquire s1 owner-1 2026-01-05T10:01:00.000Z',
      'release s1 owner-1',
      'acquire s1 owner-2 2026-01-05T10:01:00.000Z',
      'release s1 owner-2',
    ]);
  });
});

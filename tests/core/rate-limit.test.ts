import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limit.ts';
import { FakeClock } from '../support/fake-clock.ts';

const MINUTE = 60_000;

function limiter(limit = 3, extra: { maxKeys?: number } = {}) {
  const clock = new FakeClock(Date.UTC(2025, 0, 6, 9));
  return { clock, limiter: new RateLimiter(clock, { limit, windowMs: MINUTE, ...extra }) };
}

describe('RateLimiter (sliding window per person)', () => {
  it('allows `limit` questions in a window, refuses the next with the time until the oldest leaves it', () => {
    const { clock, limiter: l } = limiter(3);
    expect(l.take('a')).toEqual({ allowed: true });
    clock.advance(10_000);
    expect(l.take('a')).toEqual({ allowed: true });
    clock.advance(10_000);
    expect(l.take('a')).toEqual({ allowed: true });
    clock.advance(5_000); // 25 s after the first
    expect(l.take('a')).toEqual({ allowed: false, retryAfterMs: 35_000, notify: true });
  });

  it('announces only the first refusal of a burst, then stays silent until the window frees', () => {
    const { clock, limiter: l } = limiter(2);
    l.take('a');
    l.take('a');
    const refusals = Array.from({ length: 5 }, () => {
      clock.advance(1_000);
      return l.take('a');
    });
    expect(refusals.map(r => !r.allowed && r.notify)).toEqual([true, false, false, false, false]);
    clock.advance(MINUTE - 5_000); // exactly one window after the first two
    expect(l.take('a')).toEqual({ allowed: true });
    // A new burst is announced again.
    l.take('a');
    expect(l.take('a')).toMatchObject({ allowed: false, notify: true });
  });

  it('refused questions do not count: the window is a true sliding one', () => {
    const { clock, limiter: l } = limiter(2);
    l.take('a'); // t=0
    clock.advance(30_000);
    l.take('a'); // t=30
    for (let i = 0; i < 10; i++) {
      clock.advance(2_000);
      expect(l.take('a').allowed).toBe(false);
    }
    clock.advance(10_000); // t=60: the first has left the window, the second has not
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a')).toMatchObject({ allowed: false, retryAfterMs: 30_000 });
  });

  it('keeps people apart (platform + workspace + user)', () => {
    const { limiter: l } = limiter(1);
    expect(l.take(RateLimiter.key('slack', 'T1', 'U1')).allowed).toBe(true);
    expect(l.take(RateLimiter.key('slack', 'T1', 'U1')).allowed).toBe(false);
    expect(l.take(RateLimiter.key('slack', 'T2', 'U1')).allowed).toBe(true);
    expect(l.take(RateLimiter.key('discord', 'T1', 'U1')).allowed).toBe(true);
    expect(l.take(RateLimiter.key('slack', 'T1', 'U2')).allowed).toBe(true);
    // The separator cannot be forged by ids that contain the other parts.
    expect(RateLimiter.key('slack', 'T1', 'U1')).not.toBe(RateLimiter.key('slack', 'T1\u0000U1', ''));
  });

  it('forgets people idle for a whole window, so memory stays bounded by the active ones', () => {
    const { clock, limiter: l } = limiter(5);
    for (let i = 0; i < 1_000; i++) l.take(`user-${i}`);
    expect(l.size).toBe(1_000);
    clock.advance(MINUTE + 1);
    l.take('late');
    expect(l.size).toBe(1);
    // A limited person is kept while the window holds their questions, and forgotten after.
    for (let i = 0; i < 6; i++) l.take('busy');
    clock.advance(MINUTE - 1);
    l.take('other');
    expect(l.size).toBe(3);
    clock.advance(2);
    l.take('other');
    expect(l.size).toBe(1);
  });

  it('caps the tracked people at maxKeys, dropping the least recently allowed first', () => {
    const { clock, limiter: l } = limiter(1, { maxKeys: 100 });
    for (let i = 0; i < 250; i++) {
      clock.advance(1);
      l.take(`user-${i}`);
    }
    expect(l.size).toBe(100);
    expect(l.take('user-249').allowed).toBe(false); // recent: still tracked
    expect(l.take('user-0').allowed).toBe(true); // dropped by the cap: starts afresh
  });

  it('with a `who`, tells each person once per burst on a shared key (a channel), then each stays silent', () => {
    const { clock, limiter: l } = limiter(1);
    expect(l.take('channel', 'u1')).toEqual({ allowed: true });
    expect(l.take('channel', 'u1')).toEqual({ allowed: false, retryAfterMs: MINUTE, notify: true });
    expect(l.take('channel', 'u1')).toMatchObject({ allowed: false, notify: false });
    expect(l.take('channel', 'u2')).toMatchObject({ allowed: false, notify: true });
    expect(l.take('channel', 'u2')).toMatchObject({ allowed: false, notify: false });
    clock.advance(MINUTE);
    expect(l.take('channel', 'u2')).toEqual({ allowed: true });
    // A new burst: everyone is told again.
    expect(l.take('channel', 'u1')).toMatchObject({ allowed: false, notify: true });
  });

  it('refund gives back the latest action when it did not happen', () => {
    const { limiter: l } = limiter(2);
    l.take('a');
    l.take('a');
    expect(l.take('a').allowed).toBe(false);
    l.refund('a');
    expect(l.take('a')).toEqual({ allowed: true });
    expect(l.take('a').allowed).toBe(false);
    l.refund('nobody'); // unknown keys are fine
  });

  it('a limit of 0 turns it off; bad options are refused', () => {
    const { clock } = limiter();
    const off = new RateLimiter(clock, { limit: 0 });
    for (let i = 0; i < 100; i++) expect(off.take('a').allowed).toBe(true);
    expect(off.size).toBe(0);
    expect(() => new RateLimiter(clock, { limit: 1.5 })).toThrow(/limit/);
    expect(() => new RateLimiter(clock, { windowMs: 0 })).toThrow(/windowMs/);
  });
});

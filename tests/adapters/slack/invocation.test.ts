import { describe, expect, it } from 'vitest';
import { langFromLocale, toInvocation, UserDirectory } from '../../../src/adapters/slack/invocation.ts';
import { silentLogger } from '../../../src/core/ports.ts';

function directory(users: Record<string, any>, now = { t: 0 }) {
  const calls: string[] = [];
  let failing = false;
  const client = {
    users: {
      async info({ user }: { user: string }) {
        calls.push(user);
        if (failing) throw Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
        if (!users[user]) throw Object.assign(new Error('x'), { data: { ok: false, error: 'user_not_found' } });
        return { ok: true, user: users[user] };
      },
    },
  };
  const dir = new UserDirectory({ client: client as any, logger: silentLogger, ttlMs: 1000, now: () => now.t });
  return { dir, calls, fail: (on: boolean) => (failing = on) };
}

describe('UserDirectory', () => {
  it('reads name, admin/owner right and locale, and caches them briefly', async () => {
    const now = { t: 0 };
    const { dir, calls } = directory(
      {
        UA: { id: 'UA', name: 'ann', is_admin: true, locale: 'zh-CN', profile: { display_name: 'Ann' } },
        UO: { id: 'UO', name: 'olga', is_primary_owner: true, profile: { display_name: '' }, real_name: 'Olga O' },
        UM: { id: 'UM', name: 'max', locale: 'en-GB', profile: { display_name: 'Max' } },
      },
      now,
    );
    expect(await dir.lookup('UA')).toEqual({ name: 'Ann', canManage: true, isBot: false, lang: 'zh' });
    expect(await dir.lookup('UO')).toEqual({ name: 'Olga O', canManage: true, isBot: false });
    expect(await dir.lookup('UM')).toEqual({ name: 'Max', canManage: false, isBot: false, lang: 'en' });
    await dir.lookup('UA');
    expect(calls).toEqual(['UA', 'UO', 'UM']);
    now.t = 1000;
    await dir.lookup('UA');
    expect(calls).toEqual(['UA', 'UO', 'UM', 'UA']);
  });

  it('a failed lookup grants no right, says the rights are unknown, and Slack is not asked again for failureTtlMs', async () => {
    const now = { t: 0 };
    const calls: string[] = [];
    let failing = true;
    const client = {
      users: {
        async info({ user }: { user: string }) {
          calls.push(user);
          if (failing) throw Object.assign(new Error('internal_error'), { data: { ok: false, error: 'internal_error' } });
          return { ok: true, user: { id: user, is_admin: true } };
        },
      },
    };
    const dir = new UserDirectory({ client: client as any, logger: silentLogger, ttlMs: 1000, failureTtlMs: 30_000, now: () => now.t });
    expect(await dir.lookup('UA')).toEqual({ canManage: false, isBot: false, rightsUnknown: true });
    // An outage costs one call, not one per request or per user.
    expect(await dir.lookup('UA')).toEqual({ canManage: false, isBot: false, rightsUnknown: true });
    expect(await dir.lookup('UB')).toEqual({ canManage: false, isBot: false, rightsUnknown: true });
    expect(calls).toEqual(['UA']);
    failing = false;
    now.t = 29_999;
    expect((await dir.lookup('UA')).canManage).toBe(false);
    now.t = 30_000;
    expect((await dir.lookup('UA')).canManage).toBe(true);
    expect(calls).toEqual(['UA', 'UA']);
  });

  it('a user Slack does not know is not an outage', async () => {
    const { dir, calls } = directory({ UA: { id: 'UA', is_admin: true } });
    expect(await dir.lookup('UX')).toEqual({ canManage: false, isBot: false });
    expect((await dir.lookup('UA')).canManage).toBe(true);
    expect(calls).toEqual(['UX', 'UA']);
  });

  it('a lookup that does not answer is given up after timeoutMs', async () => {
    const client = { users: { info: () => new Promise<never>(() => undefined) } };
    const dir = new UserDirectory({ client: client as any, logger: silentLogger, timeoutMs: 50 });
    const started = performance.now();
    expect(await dir.lookup('UA')).toEqual({ canManage: false, isBot: false, rightsUnknown: true });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('asks Slack once for concurrent lookups of one user', async () => {
    const { dir, calls } = directory({ UA: { id: 'UA' } });
    await Promise.all([dir.lookup('UA'), dir.lookup('UA'), dir.lookup('UA')]);
    expect(calls).toEqual(['UA']);
  });
});

describe('toInvocation', () => {
  it('maps a Slack origin to the core\'s Invocation, preferring the directory name', () => {
    expect(toInvocation({ team: 'T1', channel: 'C1', userId: 'U1', userName: 'alice' }, { canManage: false, isBot: false })).toEqual({
      platform: 'slack',
      workspace: 'T1',
      channel: 'C1',
      user: { id: 'U1', name: 'alice', canManage: false, isBot: false },
      lang: 'en',
    });
    expect(toInvocation({ team: 'T1', channel: 'D1', userId: 'U1', userName: 'alice' }, { name: 'Alice', canManage: true, isBot: false, lang: 'zh' }).user.name).toBe('Alice');
  });

  it('without users.info: the user id as the name, the question\'s own language, rights unknown', () => {
    const unknown = { canManage: false, isBot: false, rightsUnknown: true };
    expect(toInvocation({ team: 'T1', channel: 'C1', userId: 'U1', text: '什么是装饰器？' }, unknown)).toEqual({
      platform: 'slack',
      workspace: 'T1',
      channel: 'C1',
      user: { id: 'U1', name: 'U1', canManage: false, rightsUnknown: true, isBot: false },
      lang: 'zh',
    });
    expect(toInvocation({ team: 'T1', channel: 'C1', userId: 'U1', text: 'what is a decorator' }, unknown).lang).toBe('en');
    expect(toInvocation({ team: 'T1', channel: 'C1', userId: 'U1', userName: 'alice' }, unknown).user.name).toBe('alice');
  });

  it('reads Chinese from zh locales only', () => {
    expect(langFromLocale('zh-TW')).toBe('zh');
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale('ja-JP')).toBe('en');
    expect(langFromLocale(undefined)).toBeUndefined();
  });
});

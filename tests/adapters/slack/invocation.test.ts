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

  it('a failed lookup grants no right and is not cached', async () => {
    const { dir, calls, fail } = directory({ UA: { id: 'UA', is_admin: true } });
    fail(true);
    expect(await dir.lookup('UA')).toEqual({ canManage: false, isBot: false });
    await new Promise(r => setTimeout(r, 0));
    fail(false);
    expect((await dir.lookup('UA')).canManage).toBe(true);
    expect(calls).toEqual(['UA', 'UA']);
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

  it('reads Chinese from zh locales only', () => {
    expect(langFromLocale('zh-TW')).toBe('zh');
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale('ja-JP')).toBe('en');
    expect(langFromLocale(undefined)).toBeUndefined();
  });
});

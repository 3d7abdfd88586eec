import type { webApi } from '@slack/bolt';
import type { Invocation } from '../../core/commands/command-spec.ts';
import { detectLang, type Lang } from '../../core/language.ts';
import type { Logger } from '../../core/ports.ts';
import { errorCode } from './slack-poster.ts';

/** What the adapter knows about a Slack user, from users.info. */
export interface SlackUserInfo {
  /** Display name for scoreboards; undefined when unknown. */
  readonly name?: string;
  /** Workspace admin or owner: may change schedules and stop others' quizzes. */
  readonly canManage: boolean;
  /** The lookup failed: `canManage` is false because it is unknown, and a refusal says so. */
  readonly rightsUnknown?: boolean;
  readonly isBot: boolean;
  /** From the user's Slack locale, when Slack tells it. */
  readonly lang?: Lang;
}

const NOT_FOUND: SlackUserInfo = Object.freeze({ canManage: false, isBot: false });
const UNKNOWN: SlackUserInfo = Object.freeze({ canManage: false, isBot: false, rightsUnknown: true });

/**
 * users.info is optional: no answer waits on it for long. Frozen and documented like every threshold.
 */
export const USER_LOOKUP_LIMITS = Object.freeze({
  /** A lookup not answered within this (ms) is given up: the request goes on with the fallback. */
  timeoutMs: 1_000,
  /** A success is trusted this long (a demoted admin loses the right within this time). */
  ttlMs: 5 * 60_000,
  /**
   * After a failure (timeout, network, 5xx, rate limit) no user is looked up for this long: an outage
   * costs one timeout, not one per request.
   */
  failureTtlMs: 30_000,
  maxSize: 5_000,
});

export interface UserDirectoryOptions {
  /** A client that does not retry by itself (each lookup is bounded by timeoutMs). */
  readonly client: Pick<webApi.WebClient, 'users'>;
  readonly logger: Logger;
  readonly ttlMs?: number;
  readonly timeoutMs?: number;
  readonly failureTtlMs?: number;
  readonly maxSize?: number;
  readonly now?: () => number;
}

/**
 * users.info, cached briefly: the invoker's name (for quiz scoreboards), whether they are a
 * workspace admin or owner (the right to change schedules), and their locale. It is optional, so
 * it never holds an answer up: a lookup gets {@link USER_LOOKUP_LIMITS}.timeoutMs, and a failed one
 * gives the fallback — no name (the payload's name or the user id is used), the question's own
 * language, and "rights unknown" (no right granted, and a refusal says the check failed). After a
 * failure Slack is not asked again for failureTtlMs, for anyone.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { at: number; info: Promise<SlackUserInfo> }>();
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly failureTtlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;
  private outageUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: UserDirectoryOptions) {
    this.ttlMs = options.ttlMs ?? USER_LOOKUP_LIMITS.ttlMs;
    this.timeoutMs = options.timeoutMs ?? USER_LOOKUP_LIMITS.timeoutMs;
    this.failureTtlMs = options.failureTtlMs ?? USER_LOOKUP_LIMITS.failureTtlMs;
    this.maxSize = options.maxSize ?? USER_LOOKUP_LIMITS.maxSize;
    this.now = options.now ?? Date.now;
  }

  lookup(userId: string): Promise<SlackUserInfo> {
    const now = this.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < this.ttlMs) return hit.info;
    if (now < this.outageUntil) return Promise.resolve(UNKNOWN);
    const info = this.fetch(userId);
    this.cache.delete(userId);
    this.cache.set(userId, { at: now, info });
    while (this.cache.size > this.maxSize) this.cache.delete(this.cache.keys().next().value!);
    // A failure is not kept per user: the outage window above covers everyone.
    void info.then(result => {
      if (result === UNKNOWN && this.cache.get(userId)?.info === info) this.cache.delete(userId);
    });
    return info;
  }

  private async fetch(userId: string): Promise<SlackUserInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`users.info did not answer within ${this.timeoutMs} ms`), { code: 'timeout' })), this.timeoutMs);
    });
    try {
      const result = await Promise.race([this.options.client.users.info({ user: userId, include_locale: true }), timeout]);
      const user = result.user;
      if (!user) return NOT_FOUND;
      const name = user.profile?.display_name?.trim() || user.real_name?.trim() || user.profile?.real_name?.trim() || user.name?.trim();
      const lang = langFromLocale(user.locale);
      return {
        ...(name ? { name } : {}),
        canManage: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
        isBot: Boolean(user.is_bot),
        ...(lang ? { lang } : {}),
      };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'user_not_found') return NOT_FOUND;
      this.outageUntil = this.now() + this.failureTtlMs;
      this.options.logger.warn(
        { user: userId, code, skipMs: this.failureTtlMs },
        'users.info failed; answering without it (no admin rights, the question\'s language) and not asking Slack again for a while',
      );
      return UNKNOWN;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Slack locale (`zh-CN`, `en-US`, …) → the bot's language. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  return /^zh\b/i.test(locale) ? 'zh' : 'en';
}

/** Where and by whom: the parts of a Slack payload an Invocation needs. */
export interface SlackOrigin {
  readonly team: string | undefined;
  readonly channel: string;
  readonly userId: string;
  /** The payload's own user name (slash commands, actions), used when users.info has none. */
  readonly userName?: string | undefined;
  /** The payload says a bot sent it. */
  readonly isBot?: boolean;
  /** What the user wrote (the question), for its language when users.info cannot tell. */
  readonly text?: string | undefined;
}

/** A Slack payload's origin and the user's directory entry as the core's Invocation. */
export function toInvocation(origin: SlackOrigin, info: SlackUserInfo): Invocation {
  // Without users.info (it failed), the user id stands in for the name.
  const name = info.name ?? origin.userName ?? (info.rightsUnknown ? origin.userId : undefined);
  return {
    platform: 'slack',
    workspace: origin.team ?? 'slack',
    channel: origin.channel,
    user: {
      id: origin.userId,
      ...(name ? { name } : {}),
      canManage: info.canManage,
      ...(info.rightsUnknown ? { rightsUnknown: true } : {}),
      isBot: Boolean(origin.isBot || info.isBot),
    },
    // Without the user's locale, the language of what they wrote (English when they wrote nothing).
    lang: info.lang ?? (origin.text?.trim() ? detectLang(origin.text, 'en') : 'en'),
  };
}

import type { webApi } from '@slack/bolt';
import type { Invocation } from '../../core/commands/command-spec.ts';
import type { Lang } from '../../core/language.ts';
import type { Logger } from '../../core/ports.ts';
import { errorCode } from './slack-poster.ts';

/** What the adapter knows about a Slack user, from users.info. */
export interface SlackUserInfo {
  /** Display name for scoreboards; undefined when unknown. */
  readonly name?: string;
  /** Workspace admin or owner: may change schedules and stop others' quizzes. */
  readonly canManage: boolean;
  readonly isBot: boolean;
  /** From the user's Slack locale, when Slack tells it. */
  readonly lang?: Lang;
}

const UNKNOWN: SlackUserInfo = Object.freeze({ canManage: false, isBot: false });

export interface UserDirectoryOptions {
  readonly client: Pick<webApi.WebClient, 'users'>;
  readonly logger: Logger;
  /** How long a lookup is trusted (a demoted admin loses the right within this time). */
  readonly ttlMs?: number;
  readonly maxSize?: number;
  readonly now?: () => number;
}

/**
 * users.info, cached briefly: the invoker's name (for quiz scoreboards), whether they are a
 * workspace admin or owner (the right to change schedules), and their locale. A failed lookup
 * (rate limit, missing users:read) gives "unknown user, no rights" and is not cached, so it never
 * grants a right and never blocks an answer.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { at: number; info: Promise<SlackUserInfo> }>();
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;

  constructor(private readonly options: UserDirectoryOptions) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxSize = options.maxSize ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  lookup(userId: string): Promise<SlackUserInfo> {
    const now = this.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < this.ttlMs) return hit.info;
    const info = this.fetch(userId);
    this.cache.delete(userId);
    this.cache.set(userId, { at: now, info });
    while (this.cache.size > this.maxSize) this.cache.delete(this.cache.keys().next().value!);
    // Failures are not remembered: the next message tries again.
    void info.then(result => {
      if (result === UNKNOWN && this.cache.get(userId)?.info === info) this.cache.delete(userId);
    });
    return info;
  }

  private async fetch(userId: string): Promise<SlackUserInfo> {
    try {
      const result = await this.options.client.users.info({ user: userId, include_locale: true });
      const user = result.user;
      if (!user) return UNKNOWN;
      const name = user.profile?.display_name?.trim() || user.real_name?.trim() || user.profile?.real_name?.trim() || user.name?.trim();
      const lang = langFromLocale(user.locale);
      return {
        ...(name ? { name } : {}),
        canManage: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
        isBot: Boolean(user.is_bot),
        ...(lang ? { lang } : {}),
      };
    } catch (error) {
      this.options.logger.warn({ user: userId, code: errorCode(error) }, 'users.info failed; treating the user as having no admin rights');
      return UNKNOWN;
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
}

/** A Slack payload's origin and the user's directory entry as the core's Invocation. */
export function toInvocation(origin: SlackOrigin, info: SlackUserInfo): Invocation {
  const name = info.name ?? origin.userName;
  return {
    platform: 'slack',
    workspace: origin.team ?? 'slack',
    channel: origin.channel,
    user: {
      id: origin.userId,
      ...(name ? { name } : {}),
      canManage: info.canManage,
      isBot: Boolean(origin.isBot || info.isBot),
    },
    lang: info.lang ?? 'en',
  };
}

import { UserError } from '../errors.ts';
import { t } from '../messages.ts';
import type { ChannelRef } from '../services.ts';
import { describeStatus } from '../daily/daily-service.ts';
import type { Command, CommandContext, CommandSpec } from './command-spec.ts';

const spec: CommandSpec = {
  name: 'daily',
  description: { en: 'A daily interview question in this channel', zh: '每日一题：每天在这个频道发一道面试题' },
  usage: ['/daily set <HH:MM> [timezone] [topic]', '/daily off', '/daily status', '/daily now'],
  defaultSubcommand: 'status',
  subcommands: [
    {
      name: 'set',
      description: { en: 'Post one question a day here at a local time', zh: '设置每天在这里发题的时间' },
      requiresManage: true,
      options: [
        {
          name: 'time',
          type: 'string',
          required: true,
          maxLength: 5,
          description: { en: 'Local time, HH:MM (24-hour), e.g. 09:30', zh: '当地时间，HH:MM（24 小时制），例如 09:30' },
        },
        {
          name: 'timezone',
          type: 'string',
          maxLength: 64,
          description: { en: 'IANA time zone, e.g. Asia/Shanghai or America/New_York', zh: 'IANA 时区，例如 Asia/Shanghai、America/New_York' },
        },
        {
          name: 'topic',
          type: 'string',
          choices: 'topics',
          description: { en: 'Only questions with this topic', zh: '只发这个主题的题目' },
        },
      ],
    },
    {
      name: 'off',
      description: { en: 'Stop the daily question here', zh: '关闭这里的每日一题' },
      requiresManage: true,
      options: [],
    },
    {
      name: 'status',
      description: { en: 'Next post time, topic and questions left', zh: '查看下一次发题时间、主题和剩余题数' },
      options: [],
    },
    {
      name: 'now',
      description: { en: 'Post a question right now (an extra one)', zh: '立即发一道题（额外的一道）' },
      options: [],
      rateLimit: 'channel-post',
    },
  ],
};

function channelOf(context: CommandContext): ChannelRef {
  return { platform: context.platform, workspace: context.workspace, channel: context.channel };
}

function text(value: string | number | boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** /daily set|off|status|now. set and off need the manage right (checked here, on every use). */
export const dailyCommand = {
  spec,
  async execute(context, args) {
    const { lang } = context;
    const daily = context.services.daily;
    const channel = channelOf(context);
    const subcommand = args.subcommand ?? spec.defaultSubcommand;
    const requiresManage = spec.subcommands?.find((s) => s.name === subcommand)?.requiresManage === true;
    if (requiresManage && !context.user.canManage) throw new UserError(context.user.rightsUnknown ? 'rights-unknown' : 'not-allowed');
    switch (subcommand) {
      case 'set': {
        const time = text(args.options.time);
        if (time === undefined) throw new UserError('bad-time');
        const status = daily.set(channel, {
          time,
          timeZone: text(args.options.timezone),
          topic: text(args.options.topic),
          lang,
          by: context.user.id,
        });
        return [{ kind: 'info', lang, visibility: 'public', body: describeStatus(status, lang, 'daily.set') }];
      }
      case 'off':
        daily.off(channel);
        return [{ kind: 'info', lang, visibility: 'public', body: t(lang, 'daily.off') }];
      case 'status': {
        const status = daily.status(channel);
        return [{ kind: 'info', lang, visibility: 'private', body: describeStatus(status, lang, 'daily.status') }];
      }
      case 'now':
        return [daily.postNow(channel, lang)];
      default:
        throw new UserError('bad-arguments', { detail: `unknown subcommand ${String(subcommand)}`, usage: spec.usage.join(' | ') });
    }
  },
} satisfies Command;

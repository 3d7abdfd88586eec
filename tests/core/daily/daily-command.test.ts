import { afterEach, describe, expect, it } from 'vitest';
import { dailyCommand } from '../../../src/core/commands/daily.ts';
import type { CommandArgs, CommandContext } from '../../../src/core/commands/command-spec.ts';
import { parseCommandText } from '../../../src/core/commands/parse-args.ts';
import type { CoreServices } from '../../../src/core/services.ts';
import type { Lang } from '../../../src/core/language.ts';
import { CHANNEL, startProcess, tipEntries, utc, type Process } from './daily-fixtures.ts';

function context(p: Process, canManage: boolean, lang: Lang = 'en'): CommandContext {
  const services = { daily: p.service, clock: p.clock } as unknown as CoreServices;
  return { ...CHANNEL, lang, user: { id: canManage ? 'admin' : 'member', canManage }, services };
}

/** Parses like Slack and the console do, then runs; a parse error rejects like an execute error. */
const run = async (p: Process, canManage: boolean, text: string, lang: Lang = 'en') =>
  dailyCommand.execute(context(p, canManage, lang), parseCommandText(dailyCommand.spec, text));

describe('/daily', () => {
  const open: Process[] = [];
  const proc = () => {
    const p = startProcess({ at: utc('2026-03-07T20:00:00Z'), entries: [...tipEntries(3, 'python'), ...tipEntries(2, 'go', 'g')] });
    open.push(p);
    return p;
  };
  afterEach(() => {
    for (const p of open.splice(0)) p.close();
  });

  it('marks set and off (only) as needing the manage right', () => {
    const subs = Object.fromEntries(dailyCommand.spec.subcommands!.map((s) => [s.name, s.requiresManage === true]));
    expect(subs).toEqual({ set: true, off: true, status: false, now: false });
    expect(dailyCommand.spec.requiresManage).toBeUndefined();
  });

  it('refuses set and off to people without the manage right, and changes nothing', async () => {
    const p = proc();
    await expect(run(p, false, 'set 09:00 America/New_York')).rejects.toMatchObject({ name: 'UserError', code: 'not-allowed' });
    expect(p.store.schedule(CHANNEL)).toBeUndefined();
    await run(p, true, 'set 09:00 America/New_York');
    await expect(run(p, false, 'off')).rejects.toMatchObject({ code: 'not-allowed' });
    expect(p.store.schedule(CHANNEL)).toBeDefined();
  });

  it('sets a schedule and says when the next post is', async () => {
    const p = proc();
    const [reply] = await run(p, true, 'set 09:00 America/New_York python');
    expect(reply).toMatchObject({ kind: 'info', visibility: 'public' });
    expect(reply!.body).toBe('Done: one question a day in this channel at 09:00 (America/New_York) (topic: python). Next: 2026-03-08 09:00.');
    expect(p.store.schedule(CHANNEL)).toMatchObject({ time: '09:00', timeZone: 'America/New_York', topic: 'python', lang: 'en', setBy: 'admin' });
  });

  it('answers in Chinese for a Chinese invoker and stores that language for the posts', async () => {
    const p = proc();
    const [reply] = await run(p, true, 'set 08:30 Asia/Shanghai', 'zh');
    expect(reply!.body).toContain('每天 08:30（Asia/Shanghai）');
    expect(p.store.schedule(CHANNEL)?.lang).toBe('zh');
  });

  it('turns bad input into UserErrors', async () => {
    const p = proc();
    await expect(run(p, true, 'set 9am')).rejects.toMatchObject({ code: 'bad-time' });
    await expect(run(p, true, 'set 09:00 Europe/Atlantis')).rejects.toMatchObject({ code: 'bad-timezone' });
    await expect(run(p, true, 'set 09:00 UTC rust')).rejects.toMatchObject({ code: 'unknown-topic' });
    await expect(run(p, true, 'set')).rejects.toMatchObject({ code: 'bad-arguments' });
    await expect(run(p, true, 'off')).rejects.toMatchObject({ code: 'daily-not-set' });
    await expect(run(p, false, 'status')).rejects.toMatchObject({ code: 'daily-not-set' });
    const args: CommandArgs = { subcommand: 'explode', options: {} };
    await expect(dailyCommand.execute(context(p, true), args)).rejects.toMatchObject({ code: 'bad-arguments' });
  });

  it('status is for everyone and shows the next time and what remains', async () => {
    const p = proc();
    await run(p, true, 'set 09:00 America/New_York go');
    await p.runUntil(utc('2026-03-08T14:00:00Z'));
    const [reply] = await run(p, false, 'status');
    expect(reply!.visibility).toBe('private');
    expect(reply!.body).toBe(
      'Daily question: every day at 09:00 (America/New_York) (topic: go).\nNext post: 2026-03-09 09:00.\n1 of 2 questions left before the rotation repeats.',
    );
    // /daily alone means status
    expect((await run(p, false, ''))[0]!.body).toBe(reply!.body);
  });

  it('now is for everyone: the post itself is the reply', async () => {
    const p = proc();
    const [reply] = await run(p, false, 'now');
    expect(reply).toMatchObject({ kind: 'daily-post', visibility: 'public' });
    expect(reply!.buttons?.[0]?.action).toMatch(/^dr:/);
  });

  it('off stops the schedule', async () => {
    const p = proc();
    await run(p, true, 'set 09:00 America/New_York');
    const [reply] = await run(p, true, 'off');
    expect(reply!.body).toBe('The daily question is now off for this channel.');
    await p.runUntil(utc('2026-03-10T00:00:00Z'));
    expect(p.poster.ofKind('daily-post')).toEqual([]);
  });
});

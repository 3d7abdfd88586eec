import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  formatLocal,
  lastRunAtOrBefore,
  localDateKey,
  localToInstant,
  nextRunAfter,
  parseLocalTime,
  runOn,
} from '../../../src/core/daily/next-run.ts';
import { UserError } from '../../../src/core/errors.ts';

const NY = 'America/New_York';
const iso = (ms: number) => new Date(ms).toISOString();

describe('localToInstant', () => {
  it.each([
    // zone, day, time, expected UTC instant
    ['Asia/Shanghai', '2026-01-15', '09:00', '2026-01-15T01:00:00.000Z'],
    ['Asia/Shanghai', '2026-07-15', '00:30', '2026-07-14T16:30:00.000Z'],
    ['UTC', '2026-02-28', '23:59', '2026-02-28T23:59:00.000Z'],
    [NY, '2026-01-15', '09:00', '2026-01-15T14:00:00.000Z'], // EST, -5
    [NY, '2026-07-15', '09:00', '2026-07-15T13:00:00.000Z'], // EDT, -4
    // spring forward 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist → 03:00 EDT
    [NY, '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z'],
    [NY, '2026-03-08', '02:00', '2026-03-08T07:00:00.000Z'],
    [NY, '2026-03-08', '01:59', '2026-03-08T06:59:00.000Z'],
    [NY, '2026-03-08', '03:00', '2026-03-08T07:00:00.000Z'],
    // fall back 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST) → the first
    [NY, '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'],
    [NY, '2026-11-01', '01:00', '2026-11-01T05:00:00.000Z'],
    [NY, '2026-11-01', '02:00', '2026-11-01T07:00:00.000Z'],
  ])('%s %s %s → %s', (zone, day, time, expected) => {
    expect(iso(localToInstant(day, parseLocalTime(time), zone))).toBe(expected);
  });

  it('keys a run that lands after a skipped calendar day with the day it really happens on', () => {
    // Samoa skipped 2011-12-30 entirely.
    const run = runOn('2011-12-30', parseLocalTime('09:00'), 'Pacific/Apia');
    expect(run.day).toBe('2011-12-31');
  });
});

describe('day lengths across DST in America/New_York (09:00 schedule)', () => {
  const nine = parseLocalTime('09:00');
  const gap = (from: string) => (runOn(addDays(from, 1), nine, NY).at - runOn(from, nine, NY).at) / 3_600_000;
  it('the spring-forward day is 23 hours long', () => expect(gap('2026-03-07')).toBe(23));
  it('the fall-back day is 25 hours long', () => expect(gap('2026-10-31')).toBe(25));
  it('an ordinary day is 24 hours long', () => expect(gap('2026-06-10')).toBe(24));
  it('Asia/Shanghai has no DST', () => {
    const sh = (d: string) => runOn(d, nine, 'Asia/Shanghai').at;
    expect((sh('2026-03-09') - sh('2026-03-08')) / 3_600_000).toBe(24);
    expect((sh('2026-11-02') - sh('2026-11-01')) / 3_600_000).toBe(24);
  });
});

describe('nextRunAfter / lastRunAtOrBefore', () => {
  const t = parseLocalTime('09:00');
  it('is later today before the time, tomorrow after it (Asia/Shanghai)', () => {
    // 2026-01-15 08:00 Shanghai = 00:00Z
    expect(nextRunAfter(Date.parse('2026-01-15T00:00:00Z'), t, 'Asia/Shanghai')).toEqual({
      at: Date.parse('2026-01-15T01:00:00Z'),
      day: '2026-01-15',
    });
    // exactly at the run: strictly after → tomorrow
    expect(nextRunAfter(Date.parse('2026-01-15T01:00:00Z'), t, 'Asia/Shanghai').day).toBe('2026-01-16');
    expect(lastRunAtOrBefore(Date.parse('2026-01-15T01:00:00Z'), t, 'Asia/Shanghai').day).toBe('2026-01-15');
    expect(lastRunAtOrBefore(Date.parse('2026-01-15T00:59:59Z'), t, 'Asia/Shanghai').day).toBe('2026-01-14');
  });

  it('crosses the UTC date line correctly (local date differs from the UTC date)', () => {
    // 2026-01-15T20:00Z is already 2026-01-16 04:00 in Shanghai
    expect(localDateKey(Date.parse('2026-01-15T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-16');
    expect(nextRunAfter(Date.parse('2026-01-15T20:00:00Z'), t, 'Asia/Shanghai').day).toBe('2026-01-16');
  });

  it('walks through the spring-forward day with a 02:30 schedule', () => {
    const t230 = parseLocalTime('02:30');
    const runs = [];
    let at = Date.parse('2026-03-06T12:00:00Z');
    for (let i = 0; i < 4; i++) {
      const r = nextRunAfter(at, t230, NY);
      runs.push([r.day, formatLocal(r.at, NY)]);
      at = r.at;
    }
    expect(runs).toEqual([
      ['2026-03-07', '2026-03-07 02:30'],
      ['2026-03-08', '2026-03-08 03:00'],
      ['2026-03-09', '2026-03-09 02:30'],
      ['2026-03-10', '2026-03-10 02:30'],
    ]);
  });

  it('runs once on the fall-back day with a 01:30 schedule', () => {
    const t130 = parseLocalTime('01:30');
    const first = nextRunAfter(Date.parse('2026-11-01T00:00:00Z'), t130, NY);
    expect(iso(first.at)).toBe('2026-11-01T05:30:00.000Z');
    // After the first 01:30 the second 01:30 (06:30Z) is not a run: the next one is the next day.
    const second = nextRunAfter(first.at, t130, NY);
    expect(second.day).toBe('2026-11-02');
    expect(iso(second.at)).toBe('2026-11-02T06:30:00.000Z');
    // During the repeated hour, the last run is still today's first 01:30.
    expect(lastRunAtOrBefore(Date.parse('2026-11-01T06:45:00Z'), t130, NY).at).toBe(first.at);
  });
});

describe('parsing and validation', () => {
  it.each([
    ['09:30', { hour: 9, minute: 30 }],
    ['9:05', { hour: 9, minute: 5 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['08：15', { hour: 8, minute: 15 }],
  ])('accepts %s', (text, expected) => expect(parseLocalTime(text)).toEqual(expected));

  it.each(['24:00', '12:60', '9', '0930', '9:5', 'nine', '', '-1:00', '12:00pm'])('rejects %j as bad-time', (text) => {
    expect(() => parseLocalTime(text)).toThrow(expect.objectContaining({ code: 'bad-time' }));
  });

  it('canonicalises zone names and rejects unknown ones as bad-timezone', () => {
    expect(canonicalTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('America/New_York')).toBe(NY);
    for (const bad of ['Mars/Olympus', '+08:00', '', 'x'.repeat(100)]) {
      let error: unknown;
      try {
        canonicalTimeZone(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('bad-timezone');
    }
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

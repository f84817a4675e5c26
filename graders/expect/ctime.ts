// time.ctime()'s format, to judge a time a program printed: 'Tue Dec  1 11:05:36 2026'.
// Times are compared as wall-clock readings in the program's time zone, given as an offset.
import { t, type Text } from '../../harness/i18n/text.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CTIME = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\d{4})$/;

/** Length of every time.ctime() string (the year has four digits until 9999). */
export const CTIME_LENGTH = 24;

export type ParsedCtime =
  | { readonly ok: true; /** the wall-clock reading as milliseconds, read as if it were UTC */ readonly wallMs: number }
  | { readonly ok: false; /** English (graders not yet bilingual interpolate it) */ readonly problem: string; readonly problemText: Text };

function wrong(problem: Text): ParsedCtime {
  return { ok: false, problem: problem.en, problemText: problem };
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * time.ctime()'s text for the wall-clock reading `wallMs` (milliseconds read as UTC, i.e. a real
 * instant plus the zone's offset). `formatCtimeWall(Date.UTC(2026, 11, 1, 11, 5, 36))` is
 * 'Tue Dec  1 11:05:36 2026'.
 */
export function formatCtimeWall(wallMs: number): string {
  const d = new Date(wallMs);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Reads a time.ctime() string; says what is wrong with one that is not exactly in that format. */
export function parseCtime(text: string): ParsedCtime {
  const m = CTIME.exec(text);
  if (!m) {
    if (/\s$/.test(text) && CTIME.test(text.trimEnd())) return wrong(t('it ends with extra whitespace (a newline?) that time.ctime() does not add', '它的末尾多了空白（换行符？），而 time.ctime() 不会加这些'));
    if (/^\d{4}-\d\d-\d\d/.test(text)) return wrong(t('it is in ISO format (str(datetime.now())?), not time.ctime()\'s', '它是 ISO 格式（str(datetime.now())？），而不是 time.ctime() 的格式'));
    return wrong(t(`it does not have time.ctime()'s ${CTIME_LENGTH}-character shape, weekday month day hh:mm:ss year`, `它不是 time.ctime() 的 ${CTIME_LENGTH} 个字符的格式：星期 月 日 hh:mm:ss 年`));
  }
  const [, dayName, monthName, dayText, hh, mm, ss, year] = m as unknown as [string, string, string, string, string, string, string, string];
  const month = MONTHS.indexOf(monthName);
  if (month < 0) return wrong(t(`${JSON.stringify(monthName)} is not an English month abbreviation as time.ctime() writes it (Jan … Dec)`, `${JSON.stringify(monthName)} 不是 time.ctime() 所写的英文月份缩写（Jan … Dec）`));
  if (!DAYS.includes(dayName)) return wrong(t(`${JSON.stringify(dayName)} is not an English weekday abbreviation as time.ctime() writes it (Mon … Sun)`, `${JSON.stringify(dayName)} 不是 time.ctime() 所写的英文星期缩写（Mon … Sun）`));
  if (dayText.startsWith('0')) {
    const padded = JSON.stringify(` ${dayText[1]}`);
    return wrong(t(`the day is written with a leading zero (${JSON.stringify(dayText)}); time.ctime() pads a one-digit day with a space (${padded})`, `日期前面补了一个零（${JSON.stringify(dayText)}）；time.ctime() 给一位数的日期补的是空格（${padded}）`));
  }
  const day = Number(dayText);
  const wallMs = Date.UTC(Number(year), month, day, Number(hh), Number(mm), Number(ss));
  const check = new Date(wallMs);
  if (day < 1 || check.getUTCDate() !== day || check.getUTCMonth() !== month || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) {
    return wrong(t(`${JSON.stringify(text)} is not a real date and time`, `${JSON.stringify(text)} 不是一个真实存在的日期和时间`));
  }
  if (DAYS[check.getUTCDay()] !== dayName) {
    const date = `${year}-${two(month + 1)}-${two(day)}`;
    const real = DAYS[check.getUTCDay()];
    return wrong(t(`${date} is a ${real}, not a ${dayName}`, `${date} 是 ${real}，不是 ${dayName}`));
  }
  return { ok: true, wallMs };
}

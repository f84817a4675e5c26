// Which language a report speaks when `--lang` is not given: the user's locale, read the way
// POSIX programs read it for messages (LC_ALL overrides LC_MESSAGES, which overrides LANG).
import { LANGS, type Lang } from './text.js';

/** The locale variables that choose the language of messages, strongest first. */
const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/**
 * `zh` when the first non-empty of LC_ALL, LC_MESSAGES, LANG names Chinese (`zh_CN.UTF-8`,
 * `zh_TW`, `zh`), otherwise `en` (`C`, `POSIX`, `en_US.UTF-8`, `fr_FR`, nothing set).
 */
export function detectLang(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = LOCALE_VARIABLES.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  return locale !== undefined && /^zh(?:[_.@-]|$)/i.test(locale) ? 'zh' : 'en';
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

// Words that many messages interpolate, in every language: the roles and program labels.
import { t, type Text } from './text.js';

/** "server" / "服务器", "client" / "客户端". */
export const ROLE_WORDS: Readonly<Record<'server' | 'client' | 'pair', Text>> = {
  server: t('server', '服务器'),
  client: t('client', '客户端'),
  pair: t('pair', '配对'),
};

/**
 * A program's transcript label as a noun: the roles translated, any other label ("server for
 * curl", "reference client") kept as the grader wrote it, quoted in Chinese.
 */
export function programWord(label: string): Text {
  if (label === 'server' || label === 'client') return ROLE_WORDS[label];
  if (label === 'reference server') return t(label, '参考服务器');
  if (label === 'reference client') return t(label, '参考客户端');
  return t(label, `“${label}”`);
}

const COUNTERPARTS: Readonly<Record<string, string>> = {
  'the server': '服务器',
  'the client': '客户端',
  'your server': '你的服务器',
  'your client': '你的客户端',
  'the reference server': '参考服务器',
  'the reference client': '参考客户端',
};

/**
 * The program on the other end of a scripted peer ("the server", "your client"), as the subject
 * or object of a sentence; a counterpart named otherwise is kept as written, quoted in Chinese.
 */
export function counterpartWord(counterpart: string | Text): Text {
  if (typeof counterpart !== 'string') return counterpart;
  return t(counterpart, COUNTERPARTS[counterpart] ?? `“${counterpart}”`);
}

/** A grader's words, bilingual or (not yet converted) one string shown as it is in both. */
export function asText(words: string | Text): Text {
  return typeof words === 'string' ? t(words, words) : words;
}

// Words that many messages interpolate, in every language: the roles and program labels.
import { t, type Text } from './text.js';

/** "server" / "服务器", "client" / "客户端". */
export const ROLE_WORDS: Readonly<Record<'server' | 'client', Text>> = {
  server: t('server', '服务器'),
  client: t('client', '客户端'),
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

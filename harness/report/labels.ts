// Group headings every learner-facing report shares (the HTML page, the terminal), in every
// language reports speak.
import { t, type Text } from '../i18n/text.js';
import type { Role, Tag } from '../results/schema.js';

export const ROLE_LABELS: Record<Role, Text> = {
  server: t('Your server', '你的服务器'),
  client: t('Your client', '你的客户端'),
};

/** What each catalogue tag's checks are about, as a heading a learner understands. */
export const TAG_LABELS: Record<Tag, Text> = {
  basic: t('Basics', '基本功能'),
  partial: t('Messages that arrive in pieces', '分段到达的消息'),
  'empty-recv': t('Closing: recv() returning b""', '关闭连接：recv() 返回 b""'),
  quit: t('Quitting', '退出'),
  oversize: t('Large data', '大量数据'),
  sequential: t('One client after another', '依次连接的多个客户端'),
  concurrency: t('Several clients at once', '同时连接的多个客户端'),
  'bad-input': t('Bad input', '错误输入'),
  loss: t('Lost, duplicated or reordered datagrams', '丢失、重复或乱序的数据报'),
  http: t('HTTP', 'HTTP'),
};

export const UNTAGGED = t('Other checks', '其他检查');


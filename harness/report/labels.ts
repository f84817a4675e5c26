// The reporters' own words, in every language: labels shared by the text formats (terminal,
// Gradescope, PrairieLearn, JUnit, GitHub) and the group headings the HTML page and the terminal share. Checks' messages arrive already in the report's language.
// A label carries its own separator: English "hint: ", Chinese "提示：" (a full-width colon takes no space).
import { t, type Text } from '../i18n/text.js';
import type { CheckRole, Tag } from '../results/schema.js';

export const LABELS = {
  expected: t('expected: ', '期望：'),
  /** Padded to the width of "expected: " so that the two values line up. */
  actualAligned: t('actual:   ', '实际：'),
  actual: t('actual: ', '实际：'),
  hint: t('hint: ', '提示：'),
  warning: t('warning: ', '警告：'),
  transcript: t('transcript:', '通信记录：'),
  passed: t('passed', '通过'),
  score: t('score: ', '得分：'),
} as const satisfies Record<string, Text>;

/** "transcript (last 12 of 40 events; --verbose for all):". */
export function transcriptTail(shown: number, total: number): Text {
  return t(`transcript (last ${shown} of ${total} events; --verbose for all):`, `通信记录（共 ${total} 个事件中的最后 ${shown} 个；--verbose 显示全部）：`);
}


export const ROLE_LABELS: Record<CheckRole, Text> = {
  server: t('Your server', '你的服务器'),
  client: t('Your client', '你的客户端'),
  pair: t('Your client with your server', '你的客户端与你的服务器'),
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
  pair: t('Your two programs together', '你的两个程序一起运行'),
  sliced: t('Messages sliced into small pieces', '被切成小段的消息'),
  latency: t('A slow network', '慢速网络'),
  stall: t('A network that stalls', '停顿的网络'),
  reset: t('A connection reset', '连接被重置'),
  cut: t('A connection cut off', '连接被切断'),
  drop: t('Lost datagrams', '丢失的数据报'),
  duplicate: t('Duplicated datagrams', '重复的数据报'),
  reorder: t('Datagrams out of order', '乱序的数据报'),
};

export const UNTAGGED = t('Other checks', '其他检查');


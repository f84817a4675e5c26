// The reporters' own words, in every language: labels shared by the text formats (terminal,
// Gradescope, PrairieLearn, JUnit, GitHub). Checks' messages arrive already in the report's language.
// A label carries its own separator: English "hint: ", Chinese "提示：" (a full-width colon takes no space).
import { t, type Text } from '../i18n/text.js';

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

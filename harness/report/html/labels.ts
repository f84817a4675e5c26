// The HTML report's own words, in every language reports speak. Checks' messages and hints arrive
// from the result model already in the report's language; these are the headings around them.
import { t, type Text } from '../../i18n/text.js';
import type { CheckStatus } from '../../results/schema.js';

export { ROLE_LABELS, TAG_LABELS, UNTAGGED } from '../labels.js';

export const LABELS = {
  documentTitle: t('sockgrade report', 'sockgrade 评分报告'),
  score: t('Score', '得分'),
  points: t('points', '分'),
  whatWentWrong: t('What went wrong', '哪里出了问题'),
  allPassed: t('Every check passed. Well done!', '所有检查都通过了，做得好！'),
  aboutRun: t('About this run', '关于本次评分'),
  folder: t('Folder', '目录'),
  command: t('Command', '命令'),
  build: t('Build', '构建命令'),
  gradedAt: t('Graded at', '评分时间'),
  duration: t('Took', '用时'),
  redirected: t('Hard-coded addresses that were redirected', '被重定向的硬编码地址'),
  expected: t('expected', '期望'),
  actual: t('actual', '实际'),
  hint: t('hint', '提示'),
  warning: t('warning', '警告'),
  notes: t('notes', '备注'),
  whatHappened: t('What happened, step by step', '逐步回放：发生了什么'),
  noTranscript: t('Nothing was recorded for this check.', '这项检查没有记录到任何事件。'),
  failedHere: t('The check failed here', '检查在这里失败'),
  erroredHere: t('sockgrade could not finish this check (not your fault)', 'sockgrade 未能完成这项检查（不是你的错）'),
  skippedWhy: t('This check did not run', '这项检查没有运行'),
  legend: t('How to read the diagram', '如何阅读这张图'),
  legendLanes: t('Each column is one program; time runs downwards. Your program is the highlighted column.', '每一列是一个程序，时间自上而下。高亮的一列是你的程序。'),
  legendArrows: t('An arrow is data or a signal sent from one program to another; the left column shows the time since the step before.', '箭头表示一个程序发给另一个程序的数据或信号；左侧一栏是距上一步的时间。'),
  legendSignals: t('FIN: an orderly close (no more data from that side). RST: the connection was reset (broken off).', 'FIN：正常关闭（那一端不会再发送数据）。RST：连接被重置（被强行断开）。'),
  legendHex: t('Bytes that are not text are shown in hexadecimal.', '不是文本的字节以十六进制显示。'),
  yourProgram: t('your program', '你的程序'),
  ourPeer: t("sockgrade's test program", 'sockgrade 的测试程序'),
  time: t('time', '时间'),
  hex: t('hex', '十六进制'),
  moreBytes: t('more bytes not shown', '字节未显示'),
  pause: t('pause', '停顿'),
  rowsOmitted: t('steps left out', '步已省略'),
  calledAt: t('your code', '你的代码'),
  summary: t('Summary', '汇总'),
  submission: t('Submission', '提交'),
  exercise: t('Exercise', '练习'),
  failedChecks: t('Failed checks', '未通过的检查'),
  none: t('none', '无'),
  batchTitle: t('sockgrade reports', 'sockgrade 评分报告'),
  generatedBy: t('Made by sockgrade. This page needs no network connection.', '由 sockgrade 生成。查看本页无需网络连接。'),
} as const satisfies Record<string, Text>;

export const STATUS_LABELS: Record<CheckStatus, Text> = {
  passed: t('passed', '通过'),
  failed: t('failed', '未通过'),
  skipped: t('skipped', '跳过'),
  errored: t('could not check', '无法检查'),
};

export const SIGNAL_LABELS = {
  connect: t('connect', '连接'),
  fin: t('FIN (closed its side)', 'FIN（关闭了发送方向）'),
  reset: t('RST (connection reset)', 'RST（连接被重置）'),
} as const satisfies Record<string, Text>;

export const MARK_LABELS = {
  spawn: t('started', '启动'),
  listen: t('listening', '监听'),
  exit: t('exited', '退出'),
  limit: t('limit hit', '超出限制'),
  close: t('closed', '关闭'),
  error: t('error', '错误'),
  note: t('note', '备注'),
  fault: t('fault injected', '注入的故障'),
  stdin: t('typed (stdin)', '键盘输入（stdin）'),
  stdout: t('printed (stdout)', '打印输出（stdout）'),
  stderr: t('error output (stderr)', '错误输出（stderr）'),
} as const satisfies Record<string, Text>;

/** "8 388 608 bytes in 129 pieces over 0.4 s": a summarised transfer, each language's sentence whole. */
export function transferText(bytes: string, pieces: number, seconds: string): Text {
  return pieces > 1
    ? t(`${bytes} bytes in ${pieces} pieces over ${seconds} s`, `${bytes} 字节，分 ${pieces} 段，历时 ${seconds} 秒`)
    : t(`${bytes} bytes`, `${bytes} 字节`);
}

export function bytesText(shown: string, n: number): Text {
  return n === 1 ? t('1 byte', '1 字节') : t(`${shown} bytes`, `${shown} 字节`);
}

export function pointsText(score: number, max: number): Text {
  return t(`${score}/${max} points`, `${score}/${max} 分`);
}

export function countsText(failed: number, passed: number, other: number): Text {
  return other > 0
    ? t(`${failed} failed, ${passed} passed, ${other} not run`, `${failed} 项未通过，${passed} 项通过，${other} 项未运行`)
    : t(`${failed} failed, ${passed} passed`, `${failed} 项未通过，${passed} 项通过`);
}

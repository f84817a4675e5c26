// Words shown to people exist in every language the reports speak, side by side, so that a
// message can never be present in one language and missing in the other. Each language's text
// is written whole (a template per language); nothing is translated by gluing fragments.

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

/** One message in every language sockgrade speaks. */
export interface Text {
  readonly en: string;
  readonly zh: string;
}

/** `t('the server closed', '服务器关闭了连接')`. */
export function t(en: string, zh: string): Text {
  return { en, zh };
}

export function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && typeof (value as Text).en === 'string' && typeof (value as Text).zh === 'string';
}

/** The text in one language. A plain string (not yet bilingual) is shown as it is. */
export function render(text: string | Text, lang: Lang): string {
  return typeof text === 'string' ? text : text[lang];
}

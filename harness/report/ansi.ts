// Terminal colours as plain ANSI codes, applied only when the caller decided colour is on (a TTY,
// or FORCE_COLOR): node's styleText may second-guess that decision by the stream it sees.
const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], magenta: [35, 39], cyan: [36, 39] } as const;

export type Style = keyof typeof CODES;

/** `text` in `style` when `on`, else unchanged. */
export function paint(on: boolean, style: Style, text: string): string {
  if (!on) return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

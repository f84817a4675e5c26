// HTML built only through a tagged template that escapes every interpolated value, so text from a
// learner's program (its output, its messages) can never become markup: a `<script>` it prints is
// shown as text. Only values already made by `html` pass through unescaped.

/** Markup made by `html`; the only thing inserted without escaping. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

/** Escapes text for an element's content or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function stringify(value: Value): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(stringify).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** html`<p>${text}</p>`: every value is escaped unless it is Html; arrays are joined; null/undefined/booleans vanish. */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += stringify(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted constant markup (our own CSS and script), never learner text. */
export function trusted(text: string): Html {
  return new Html(text);
}

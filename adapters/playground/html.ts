/**
 * HTML building for the playground, on well-kept escaping: hono's `html` template escapes every
 * interpolated value (text and attributes alike) unless it is itself a fragment built here, and
 * markdown-it renders the bot's inline markdown (**bold**, _emphasis_, `code`) with raw HTML off,
 * so nothing a user or the catalogue says can become markup.
 */
import MarkdownIt from 'markdown-it';
import { html as honoHtml, raw } from 'hono/html';

export { raw };

/** A fragment that is already safe HTML (hono's escaped-string marker). */
export type Html = ReturnType<typeof raw>;

/**
 * hono's auto-escaping template, synchronously: playground fragments hold no promises, so the
 * result is always a finished fragment.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error('a playground fragment was given an asynchronous value');
  return out;
}

/** A plain string for JSON answers and tests (fragments are String objects). */
export function toHtmlString(fragment: Html): string {
  return fragment.toString();
}

// Inline rules only: the block structure (paragraphs, "• " lists) is decided by formatText, so
// a line such as "1995 was a good year" never turns into a list or a heading. No links, no
// images, no raw HTML: markdown-it escapes all of it as text.
const markdown = new MarkdownIt('zero', { html: false, linkify: false, typographer: false }).enable(['emphasis', 'backticks', 'escape', 'entity']);

/** One line of the bot's markdown as safe inline HTML. */
export function inlineMarkdown(text: string): Html {
  return raw(markdown.renderInline(text));
}

/** Chat text: paragraphs, "• " lines as a list, inline markdown in each. */
export function formatText(text: string): Html {
  const blocks: Html[] = [];
  let items: Html[] = [];
  const flush = () => {
    if (items.length) blocks.push(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`);
    items = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('• ')) items.push(inlineMarkdown(line.slice(2)));
    else {
      flush();
      if (line.trim() !== '') blocks.push(html`<p>${inlineMarkdown(line)}</p>`);
    }
  }
  flush();
  return html`${blocks}`;
}

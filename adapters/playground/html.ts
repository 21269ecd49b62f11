/**
 * HTML building for the playground, on well-kept escaping: hono's `html` template (shared with the
 * API docs in src/util/html.ts) escapes every interpolated value unless it is itself a fragment,
 * and markdown-it renders the bot's inline markdown (**bold**, _emphasis_, `code`) with raw HTML off,
 * so nothing a user or the catalogue says can become markup.
 */
import MarkdownIt from 'markdown-it';
import { html, raw, toHtmlString, type Html } from '../../src/util/html.js';

export { html, raw, toHtmlString, type Html };

// Inline rules only: the block structure (paragraphs, "• " lists) is decided by formatText, so
// a line such as "1995 was a good year" never turns into a list or a heading. No links, no
// images, no raw HTML: markdown-it escapes all of it as text.
const markdown = new MarkdownIt('zero', { html: false, linkify: false, typographer: false }).enable([
  'emphasis',
  'backticks',
  'escape',
  'entity',
]);

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

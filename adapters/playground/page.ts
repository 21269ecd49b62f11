/** The playground's one HTML page (pure): header with who/where, the log, the composer. */
import { CLIENT_SCRIPT } from './client.js';
import { html, raw, toHtmlString } from './html.js';
import { STYLES } from './styles.js';

export interface PageOptions {
  /** CSP nonce for the inline style and script. */
  nonce: string;
  defaultUser?: string;
  defaultChannel?: string;
  /** Extra line under the brand (e.g. the model in use). */
  subtitle?: string;
}

/** An inline icon, so the browser never asks for /favicon.ico. */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%23d8432f'/%3E%3Ctext x='16' y='23' font-size='19' font-family='sans-serif' font-weight='700' text-anchor='middle' fill='white'%3ER%3C/text%3E%3C/svg%3E";

const SUGGESTIONS = ['onboard', 'recommend something funny from the 90s', 'similar The Matrix', 'profile', 'watchlist', 'help'];
const PEOPLE = ['ana', 'ben', 'cleo', 'dev'];
const CHANNELS = ['general', 'movie-night', 'dm'];

export function renderPage(opts: PageOptions): string {
  const chips = SUGGESTIONS.map((s) => html`<button type="button" class="btn" data-say="${s}">${s}</button>`);
  const options = (list: string[]) => list.map((v) => html`<option value="${v}"></option>`);
  // The stylesheet and the script are this module's own constants, not user input.
  return toHtmlString(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Reelmate playground</title>
<link rel="icon" href="${FAVICON}">
<style nonce="${opts.nonce}">${raw(STYLES)}</style>
</head>
<body>
<header class="top">
  <div class="brand">Reel<span>mate</span> <small>playground${opts.subtitle ? html` · ${opts.subtitle}` : ''}</small></div>
  <div class="who-where">
    <label>You are <input id="user" list="people" value="${opts.defaultUser ?? 'ana'}" maxlength="40" autocomplete="off" aria-label="User name"></label>
    <label>in # <input id="channel" list="channels" value="${opts.defaultChannel ?? 'general'}" maxlength="40" autocomplete="off" aria-label="Channel"></label>
  </div>
  <datalist id="people">${options(PEOPLE)}</datalist>
  <datalist id="channels">${options(CHANNELS)}</datalist>
</header>
<main id="log" aria-live="polite"></main>
<form id="composer" class="composer" autocomplete="off">
  <div class="composer-inner">
    <div class="chips">${chips}</div>
    <div class="composer-row">
      <label class="sr" for="text">Message</label>
      <input id="text" name="text" maxlength="600" placeholder="Ask for a movie, or rate one: rate heat 1995 4" autofocus>
      <button type="submit">Send</button>
    </div>
  </div>
</form>
<script nonce="${opts.nonce}">${raw(CLIENT_SCRIPT)}</script>
</body>
</html>`);
}

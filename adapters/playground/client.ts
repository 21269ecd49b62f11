/**
 * The page's script, as plain browser JavaScript in a string (served inline with a CSP
 * nonce). It only moves server-rendered HTML around: every fragment is built and escaped by
 * render.ts on the server.
 *
 * A click changes the card in place and never scrolls: the updated card replaces the old one,
 * and the clicker's private line (their own rating, prediction, reason) goes on that card,
 * shown only while that person is the selected user. Only replies with new content (more
 * cards, a next page) are added to the log.
 */
export const CLIENT_SCRIPT = `
(() => {
  const $ = (s) => document.querySelector(s);
  const log = $('#log');
  const form = $('#composer');
  const input = $('#text');
  const userIn = $('#user');
  const chanIn = $('#channel');
  const clean = (s, d) => (s || '').trim().slice(0, 40) || d;
  const user = () => clean(userIn.value, 'ana');
  const channel = () => clean(chanIn.value, 'general').toLowerCase();
  userIn.value = localStorage.getItem('reelmate.user') || userIn.value;
  chanIn.value = localStorage.getItem('reelmate.channel') || chanIn.value;
  let shownChannel = null;

  function logFor(ch) {
    for (const el of log.children) if (el.dataset.channel === ch) return el;
    const el = document.createElement('div');
    el.className = 'channel-log';
    el.dataset.channel = ch;
    el.innerHTML = '<p class="empty">You are <b></b> in <b></b>. Say <code>onboard</code> to rate a few movies, or just ask: <i>something funny from the 90s under 2 hours</i>.</p>';
    log.appendChild(el);
    return el;
  }
  /** Private things (ephemeral replies, notes on cards) are shown to their person only. */
  function privacy(root) {
    const me = user().toLowerCase();
    for (const m of root.querySelectorAll('.ephemeral, .private')) m.hidden = m.dataset.user !== me;
  }
  function show() {
    localStorage.setItem('reelmate.user', user());
    localStorage.setItem('reelmate.channel', channel());
    const current = logFor(channel());
    for (const el of log.children) el.hidden = el !== current;
    privacy(log);
    const b = current.querySelectorAll('.empty b');
    if (b.length === 2) { b[0].textContent = user(); b[1].textContent = '#' + channel(); }
    // Only a change of channel moves the view (to that channel's latest); a change of user stays put.
    if (shownChannel !== channel()) log.scrollTop = log.scrollHeight;
    shownChannel = channel();
  }
  function fragment(html) {
    const t = document.createElement('template');
    t.innerHTML = html;
    return t.content.firstElementChild;
  }
  function append(ch, html) {
    if (!html) return null;
    const node = fragment(html);
    const target = logFor(ch);
    target.querySelector('.empty')?.remove();
    target.appendChild(node);
    privacy(node.parentElement);
    node.scrollIntoView({ block: 'start', behavior: 'smooth' });
    return node;
  }
  /** The clicker's line on a card: replaces their previous one there, keeps everyone else's. */
  function note(card, html) {
    const line = fragment(html);
    const main = card.querySelector('.card-main') || card;
    for (const old of main.querySelectorAll('.private')) if (old.dataset.user === line.dataset.user) old.remove();
    main.appendChild(line);
    line.hidden = line.dataset.user !== user().toLowerCase();
  }
  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = await res.json().catch(() => ({}));
    if (!res.ok && !data.html && !data.reply) return { html: '<div class="msg bot error"><div class="who">Reelmate</div><div class="text"><p>' + (res.status === 400 ? 'Please pick a user and channel name (letters, digits, - and _).' : 'The playground server did not answer.') + '</p></div></div>' };
    return data;
  }
  async function send(text) {
    const ch = channel();
    const data = await post('/api/message', { user: user(), channel: ch, text });
    if (data.mine) append(ch, data.mine);
    append(ch, data.html);
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    input.disabled = true;
    try { await send(text); } finally { input.disabled = false; input.focus(); }
  });
  document.addEventListener('click', async (e) => {
    const chip = e.target.closest('[data-say]');
    if (chip) { e.preventDefault(); await send(chip.dataset.say); return; }
    const btn = e.target.closest('button[data-payload]');
    if (!btn) return;
    let card = btn.closest('.card');
    const ch = btn.closest('.channel-log')?.dataset.channel || channel();
    const buttons = card ? card.querySelectorAll('button') : [btn];
    for (const b of buttons) b.disabled = true;
    try {
      const data = await post('/api/action', { user: user(), channel: ch, payload: btn.dataset.payload });
      if (data.update && card) {
        const fresh = fragment(data.update);
        // Other people's private lines stay with the card (hidden while they are not selected).
        const main = fresh.querySelector('.card-main') || fresh;
        for (const old of card.querySelectorAll('.private')) main.appendChild(old);
        fresh.classList.add('updated');
        card.replaceWith(fresh);
        card = fresh;
      }
      if (data.note && card) note(card, data.note);
      else if (data.note) append(ch, data.note);
      append(ch, data.reply);
    } finally {
      for (const b of (card ? card.querySelectorAll('button') : buttons)) b.disabled = false;
    }
  });
  // A poster that cannot be loaded (offline) leaves the monogram tile under it.
  document.addEventListener('error', (e) => {
    if (e.target instanceof HTMLImageElement && e.target.classList.contains('poster-img')) e.target.remove();
  }, true);
  userIn.addEventListener('change', show);
  chanIn.addEventListener('change', show);
  show();
  input.focus();
})();
`;

import { HUE_STEPS } from './render.js';

/** The playground's stylesheet: one small sheet, no framework, light and dark. */
export const STYLES = `
:root{--bg:#f6f5f2;--panel:#fff;--ink:#1d1d1f;--muted:#6b6b70;--line:#e4e2dd;--accent:#d8432f;--accent-ink:#fff;--chip:#f0eee9;--ok:#1f8a4c;--shadow:0 1px 2px rgba(0,0,0,.05),0 4px 16px rgba(0,0,0,.05)}
@media (prefers-color-scheme:dark){:root{--bg:#141416;--panel:#1d1d21;--ink:#f2f2f4;--muted:#9a9aa2;--line:#2d2d33;--chip:#26262b;--shadow:none}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html,body{margin:0;height:100%}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink);display:flex;flex-direction:column}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding:.6rem 1.25rem;background:var(--panel);border-bottom:1px solid var(--line)}
.brand{font-weight:700;font-size:1.1rem;letter-spacing:-.01em;margin-right:auto}
.brand span{color:var(--accent)}.brand small{font-weight:400;color:var(--muted)}
.who-where{display:flex;gap:.4rem 1rem;align-items:center;color:var(--muted);font-size:.9rem}
.who-where label{display:flex;gap:.4rem;align-items:center}
.who-where input{width:8.5rem;padding:.35rem .55rem;border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--ink);font:inherit}
main{flex:1;overflow-y:auto;padding:1rem 1.25rem 0}
.channel-log{max-width:860px;margin:0 auto;display:flex;flex-direction:column;gap:.9rem;padding-bottom:1rem}
.empty{color:var(--muted);text-align:center;margin:3rem auto;max-width:30rem}
.msg{max-width:100%}
.msg .who{font-size:.78rem;color:var(--muted);margin-bottom:.2rem}
.msg .only{margin-left:.4rem;font-style:italic}
.msg.me{align-self:flex-end;text-align:right}
.msg.me .text{display:inline-block;background:var(--accent);color:var(--accent-ink);padding:.5rem .8rem;border-radius:14px 14px 4px 14px;text-align:left}
.msg.bot .text{background:var(--panel);border:1px solid var(--line);padding:.55rem .85rem;border-radius:14px 14px 14px 4px;display:inline-block;box-shadow:var(--shadow)}
.msg.error .text{border-color:#e0a39a}
.msg.ephemeral .text{border-style:dashed}
.text p{margin:.15rem 0}.text ul{margin:.2rem 0;padding-left:1.2rem}
code{background:var(--chip);padding:.05rem .35rem;border-radius:5px;font-size:.9em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,340px),1fr));gap:.75rem;margin-top:.6rem}
.cards .card-party{grid-column:1/-1}
.card{display:flex;gap:.85rem;background:var(--panel);border:1px solid var(--line);border-radius:14px;padding:.85rem;box-shadow:var(--shadow);transition:border-color .2s}
.card.updated{border-color:var(--ok)}
.poster{flex:0 0 64px;height:92px;position:relative}
.poster-img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover;border-radius:10px}
.tile{width:100%;height:100%;border-radius:10px;display:grid;place-items:center;font-weight:800;font-size:1.5rem;letter-spacing:.02em;color:#fff;background:linear-gradient(150deg,hsl(var(--h) 62% 52%),hsl(calc(var(--h) + 40) 58% 34%))}
${Array.from({ length: HUE_STEPS }, (_, i) => `.tile.h${i}{--h:${i * (360 / HUE_STEPS)}}`).join('')}
.card-main{flex:1;min-width:0}
.card header{display:flex;align-items:baseline;justify-content:space-between;gap:.5rem}
.card h3{margin:0;font-size:1.02rem;line-height:1.25}
.card h3 a{color:inherit;text-decoration:none}.card h3 a:hover{text-decoration:underline}
.badge{flex:none;font-size:.8rem;font-weight:600;color:var(--accent);white-space:nowrap}
.badge.rated{color:var(--ok)}
.card .body{color:var(--muted);font-size:.9rem;margin:.2rem 0 .35rem}
.card .body p{margin:0}
.fields{display:flex;flex-wrap:wrap;gap:.15rem 1rem;margin:.25rem 0;font-size:.85rem}
.fields div{display:flex;gap:.3rem}.fields div.wide{flex-basis:100%}
.fields dt{color:var(--muted)}.fields dd{margin:0}
.links{display:flex;gap:.6rem;font-size:.8rem;margin:.15rem 0 .35rem}
.links a{color:var(--muted)}
.actions{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.35rem}
.btn{border:1px solid var(--line);background:var(--chip);color:var(--ink);border-radius:999px;padding:.25rem .65rem;font:inherit;font-size:.82rem;cursor:pointer;transition:transform .05s,background .15s}
.btn:hover{border-color:var(--muted)}.btn:active{transform:translateY(1px)}
.btn:disabled{opacity:.5;cursor:progress}
.btn-primary{background:var(--accent);border-color:var(--accent);color:var(--accent-ink)}
.btn-success{background:var(--ok);border-color:var(--ok);color:#fff}
.btn-danger{background:#b3261e;border-color:#b3261e;color:#fff}
.rating .btn{min-width:2.6rem}
.card footer{margin-top:.45rem;font-size:.8rem;color:var(--ok);font-weight:600}
.private{margin-top:.45rem;padding:.35rem .55rem;border:1px dashed var(--line);border-radius:8px;font-size:.82rem;background:var(--bg)}
.private p{margin:0}.private .only{display:block;font-size:.7rem;color:var(--muted);font-style:italic}
.private.error{border-color:#e0a39a}
.card-info,.card-choice,.card-confirm,.card-profile,.card-party{display:block}
.members{display:flex;flex-wrap:wrap;gap:.3rem;margin:.3rem 0}
.member{background:var(--chip);border-radius:999px;padding:.05rem .55rem;font-size:.8rem}.member.host{font-weight:700}
ol.ranking{list-style:none;margin:.4rem 0;padding:0;display:flex;flex-direction:column;gap:.1rem}
.pick{border-top:1px solid var(--line);padding:.45rem 0 .35rem;display:grid;grid-template-columns:1fr auto;gap:.15rem .75rem;align-items:center}
.pick-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem .6rem;grid-column:1}
.pick .rank{font-weight:700;color:var(--muted);min-width:1.1rem}
.ptitle{font-weight:600}
.score{white-space:nowrap;font-size:.85rem}.score meter{width:4rem;vertical-align:middle}.score.muted{color:var(--muted)}
.votes{white-space:nowrap;font-size:.8rem;color:var(--accent);font-weight:600}.votes.none{color:var(--muted);font-weight:400}
.pstars{grid-column:1;display:flex;flex-wrap:wrap;gap:.2rem .35rem;font-size:.78rem}
.mstar{background:var(--chip);border-radius:999px;padding:0 .45rem;color:var(--ink)}
.pick .why{grid-column:1;color:var(--muted);font-size:.78rem}
.pick-vote{grid-column:2;grid-row:1/span 3;align-self:center}
.pick.winner .ptitle{color:var(--ok)}
.attachment{display:inline-block;margin-top:.4rem;font-size:.9rem}
form.composer{position:sticky;bottom:0;background:linear-gradient(transparent,var(--bg) 30%);padding:.75rem 1.25rem 1rem}
.composer-inner{max-width:860px;margin:0 auto}
.chips{display:flex;flex-wrap:wrap;gap:.35rem;margin-bottom:.5rem}
.composer-row{display:flex;gap:.5rem}
.composer-row input{flex:1;padding:.7rem .9rem;border:1px solid var(--line);border-radius:12px;background:var(--panel);color:var(--ink);font:inherit;box-shadow:var(--shadow)}
.composer-row button{padding:0 1.1rem;border:0;border-radius:12px;background:var(--accent);color:var(--accent-ink);font:inherit;font-weight:600;cursor:pointer}
.sr{position:absolute;left:-9999px}
@media (max-width:560px){
header.top{padding:.4rem .75rem;gap:.3rem .75rem}
.brand{font-size:1rem}.brand small{display:none}
.who-where{font-size:.8rem;gap:.5rem;flex:1 1 100%}
.who-where input{width:6.5rem;padding:.2rem .4rem}
main{padding:.6rem .6rem 0}
.chips{flex-wrap:nowrap;overflow-x:auto;scrollbar-width:none;margin-bottom:.35rem}
.chips .btn{flex:none}
form.composer{padding:.4rem .6rem .6rem}
.composer-row input{padding:.5rem .7rem}
.card{padding:.65rem;gap:.6rem}
.poster{flex-basis:48px;height:70px}.tile{font-size:1.1rem}
.rating .btn{min-width:2.2rem;padding:.25rem .45rem}
}
`;

/** How many lines the message box grows to before it scrolls. */
const COMPOSER_LINES = 5;

export const CHAT_CSS = `
*{box-sizing:border-box}
html,body{height:100%}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#eef1f5;color:#1b1f24}
.chat{max-width:40rem;margin:0 auto;height:100vh;height:100dvh;display:flex;flex-direction:column;background:#fff}
.chat.plain{height:auto;min-height:100vh;padding:1rem}
.chat.plain button.primary{font:inherit;padding:.6rem 1rem;border:0;border-radius:.5rem;background:#0b5cad;color:#fff;cursor:pointer}
header{flex:none;padding:.75rem 1rem;border-bottom:1px solid #d6dbe1}
h1{font-size:1.2rem;margin:0}
.note{margin:.2rem 0 0;color:#4a525c;font-size:.875rem}
.note a{color:#0b5cad}
.log{flex:1 1 auto;min-height:0;list-style:none;margin:0;padding:1rem;overflow-y:auto;overscroll-behavior:contain;display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:85%;padding:.5rem .75rem;border-radius:1rem;white-space:pre-wrap;word-wrap:break-word}
.msg.patient{align-self:flex-end;background:#0b5cad;color:#fff;border-bottom-right-radius:.25rem}
.msg.bot,.msg.staff{align-self:flex-start;background:#e7ebf0;border-bottom-left-radius:.25rem}
.msg.staff{background:#e3f4e8}
.msg a{color:#0b4f94;font-weight:600}
.msg .file{display:block;margin-top:.25rem}
.msg .file img{display:block;max-width:100%;max-height:16rem;border-radius:.5rem}
.msg.emergency{background:#fdecea;border:2px solid #b3261e;border-left-width:.4rem;color:#3d0b07;max-width:92%}
.msg.emergency .who{color:#8a1c12;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.msg.emergency a{color:#8a1c12}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem;white-space:normal}
.actions a{display:inline-block;padding:.45rem .9rem;border-radius:.5rem;background:#0b5cad;color:#fff;text-decoration:none;font-weight:600}
.msg.emergency .actions a{background:#b3261e;color:#fff}
.more{display:none;background:none;border:0;padding:0 0 0 .25rem;color:#0b4f94;text-decoration:underline;font:inherit;font-size:.875rem;cursor:pointer}
@media (max-width:40rem){
  .msg.disclosure .more{display:inline}
  .msg.disclosure:not(.open) .rest{display:none}
}
.who{display:block;font-size:.75rem;color:#4a525c;margin-bottom:.1rem}
.msg.patient .who{color:#dbe8f6}
.quick{flex:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0 1rem .5rem;max-height:35vh;overflow-y:auto}
.quick:empty{display:none}
.quick button{border:1px solid #0b5cad;background:#fff;color:#0b5cad;border-radius:1rem;padding:.35rem .8rem;font:inherit;cursor:pointer}
.status{flex:none;margin:0 1rem .5rem;padding:.5rem .75rem;border-radius:.5rem;background:#fdecea;color:#8a1c12;border:1px solid #e0a19a;font-size:.9rem}
.mail{flex:none;margin:0 1rem .5rem;padding:.5rem .75rem;border:1px solid #d6dbe1;border-radius:.5rem;font-size:.9rem}
.mail[hidden]{display:none}
.mail label{display:block;font-weight:600;margin-bottom:.25rem}
.mail-row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.mail input{flex:1 1 12rem;min-width:0;font:inherit;padding:.45rem .6rem;border:1px solid #8a949f;border-radius:.5rem}
.mail input[aria-invalid="true"]{border-color:#b3261e}
.mail button[type="submit"]{font:inherit;padding:.45rem .9rem;border:0;border-radius:.5rem;background:#0b5cad;color:#fff;cursor:pointer}
.hint{margin:.25rem 0 0;color:#4a525c;font-size:.8rem}
.composer{flex:none;display:flex;align-items:flex-end;gap:.5rem;padding:.75rem 1rem .25rem;border-top:1px solid #d6dbe1}
.composer textarea{flex:1;min-width:0;font:inherit;line-height:1.45;padding:.6rem .75rem;border:1px solid #8a949f;border-radius:.5rem;resize:none;overflow-y:auto;max-height:calc(${COMPOSER_LINES} * 1.45em + 1.2rem + 2px)}
.composer textarea[aria-invalid="true"]{border-color:#b3261e}
.composer button{font:inherit;padding:.6rem 1rem;border:0;border-radius:.5rem;background:#0b5cad;color:#fff;cursor:pointer}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,.log:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}
.footer{flex:none;display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.25rem .75rem;margin:0;padding:0 1rem .5rem;font-size:.875rem}
.count{color:#4a525c}
.count.over{color:#b3261e;font-weight:600}
.mail-state{color:#4a525c}
.mail-state[hidden]{display:none}
.link{background:none;border:0;color:#0b5cad;text-decoration:underline;font:inherit;cursor:pointer;padding:.25rem 0}
#restart{margin-left:auto}
.link.attach{margin-left:auto}
.link.attach ~ #restart{margin-left:0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

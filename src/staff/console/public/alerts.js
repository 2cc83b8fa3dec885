// @ts-check
// Emergency alerts in the browser: a sound and a system notification when a new emergency enters
// the queue. On by default for clinicians (who answer emergencies), opt-in for everyone else; each
// user's own choice is remembered in this browser. Clinicians are asked once for the browser's
// notification permission. The notification names the thread and channel only, never patient
// text, since it can show on a locked or shared screen.

import { state, navigate, h, $ } from './core.js';

let seen = null;

const key = () => 'frontdesk.emergencyAlerts.' + state.me.user.id;
const askedKey = () => 'frontdesk.emergencyAlerts.asked.' + state.me.user.id;

/** Alerts are on when the user turned them on, or by default for a clinician who never turned them off. */
export function alertsEnabled() {
  if (state.me === null) return false;
  const choice = localStorage.getItem(key());
  return choice === null ? state.me.user.role === 'clinician' : choice === 'on';
}

/**
 * Once per user and browser: a clinician whose alerts are on but whose browser has not been asked
 * for notifications sees a prompt whose button asks (browsers only ask from a click).
 */
export function offerNotificationPermission() {
  $('#alerts-prompt')?.remove();
  if (!alertsEnabled() || !('Notification' in window) || Notification.permission !== 'default') return;
  if (localStorage.getItem(askedKey()) !== null) return;
  const done = () => {
    localStorage.setItem(askedKey(), '1');
    prompt.remove();
  };
  const prompt = h(
    'div',
    { id: 'alerts-prompt', class: 'banner alerts-prompt', role: 'region', 'aria-label': 'Emergency alerts' },
    'Emergency alerts are on: a sound and a system notification for every new emergency, also while this tab is in the background. ',
    h(
      'button',
      {
        type: 'button',
        class: 'button-small',
        onclick: async () => {
          done();
          try {
            await Notification.requestPermission();
          } catch {
            /* the sound still plays */
          }
        },
      },
      'Allow notifications',
    ),
    ' ',
    h('button', { type: 'button', class: 'button-small button-quiet', onclick: done }, 'Not now'),
  );
  $('#banner')?.after(prompt);
}

export async function setAlerts(on) {
  if (on && 'Notification' in window && Notification.permission === 'default') {
    try {
      await Notification.requestPermission();
    } catch {
      /* the sound still plays */
    }
  }
  localStorage.setItem(key(), on ? 'on' : 'off');
}

/** Forget what was seen (a new sign-in): the first snapshot after it never alerts. */
export function resetAlerts() {
  seen = null;
}

/** Called with every live snapshot: alerts once per emergency that was not in the queue before. */
export function checkForEmergencies(items) {
  const emergencies = items.filter((i) => i.route === 'emergency' && i.status === 'open');
  if (seen === null) {
    seen = new Set(emergencies.map((i) => i.id));
    return;
  }
  const fresh = emergencies.filter((i) => !seen.has(i.id));
  for (const i of fresh) seen.add(i.id);
  if (fresh.length === 0 || !alertsEnabled()) return;
  beep();
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  for (const i of fresh) {
    const note = new Notification('Emergency in the Frontdesk queue', {
      body: 'Thread #' + i.id + (i.channelName ? ' · ' + i.channelName : '') + '. Open the console to read it.',
      tag: 'frontdesk-emergency-' + i.id,
      requireInteraction: true,
    });
    note.onclick = () => {
      window.focus();
      navigate('/staff/threads/' + i.id);
      note.close();
    };
  }
}

/** Three short high tones from the Web Audio API (no sound file to load). */
function beep() {
  try {
    const audio = new AudioContext();
    for (let n = 0; n < 3; n += 1) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.2;
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + n * 0.3);
      tone.stop(audio.currentTime + n * 0.3 + 0.18);
    }
  } catch {
    /* no audio device: the notification still shows */
  }
}

import type { Express } from 'express';

/** A speech bubble on the practice blue: the tab icon of the chat page and the staff console. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/><path d="M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/></svg>`;

/** `/favicon.ico` (browsers ask for it on every page) and `/favicon.svg`, both the same SVG icon. */
export function serveFavicon(app: Express): void {
  for (const path of ['/favicon.ico', '/favicon.svg']) {
    app.get(path, (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=86400');
      res.type('image/svg+xml').send(FAVICON_SVG);
    });
  }
}

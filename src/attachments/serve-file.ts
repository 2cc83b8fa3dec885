import type { Response } from 'express';
import { extensionOf, isInlineImage } from './content-type';

/**
 * Nothing a patient or staff member sent may run in the page's origin: no script, no style, no
 * frames, no plug-ins; the bytes are an image to look at or a file to save, and the browser never guesses.
 */
const ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'self'";

/**
 * Serves a held photo or file: images whose bytes are a type browsers render safely inline,
 * everything else (PDF, HEIC, unknown bytes, whatever its name claimed) only as a download.
 */
export function sendAttachmentFile(res: Response, id: number, contentType: string | null, bytes: Buffer): void {
  const inline = isInlineImage(contentType);
  const name = `attachment-${id}.${extensionOf(contentType)}`;
  res.setHeader('Content-Security-Policy', ATTACHMENT_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${name}"`);
  res.type(inline || contentType === 'application/pdf' ? (contentType as string) : 'application/octet-stream');
  res.send(bytes);
}

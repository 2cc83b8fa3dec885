import { sniffContentType, type SniffedType } from './content-type';

/** How a channel fetches an attachment URL it was given (signed, where the platform requires it). */
export type AttachmentDownloader = (url: string, signal: AbortSignal) => Promise<Response>;

/** What one download attempt came to. */
export type DownloadOutcome =
  | { kind: 'stored'; contentType: SniffedType; bytes: Buffer }
  | { kind: 'too_large'; size?: number }
  /** The platform says the file is gone (its URL expired, or it was removed): no retry helps. */
  | { kind: 'gone'; status: number }
  /** A passing failure (network, 5xx, 429): try again while the URL may still work. */
  | { kind: 'retry'; reason: string };

const GONE = new Set([401, 403, 404, 410]);

/**
 * One download, read no further than `maxBytes`: a file announced or turning out larger is
 * refused without being held. The type comes from the bytes, never from the platform's header.
 */
export async function downloadAttachment(
  download: AttachmentDownloader,
  url: string,
  maxBytes: number,
  timeoutMs = 30_000,
): Promise<DownloadOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await download(url, controller.signal);
    if (GONE.has(res.status)) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'gone', status: res.status };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'retry', reason: `http_${res.status}` };
    }
    const announced = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(announced) && announced > maxBytes) {
      controller.abort();
      return { kind: 'too_large', size: announced };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        controller.abort();
        return { kind: 'too_large' };
      }
      chunks.push(Buffer.from(value));
    }
    const bytes = Buffer.concat(chunks);
    return { kind: 'stored', contentType: sniffContentType(bytes), bytes };
  } catch (err) {
    return { kind: 'retry', reason: (err as Error).name || 'error' };
  } finally {
    clearTimeout(timer);
  }
}

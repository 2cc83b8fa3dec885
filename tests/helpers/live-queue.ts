/**
 * Reads the live queue's server-sent events: each call resolves with the data of the next `queue`
 * event (heartbeats and other events are skipped).
 */
export function queueEvents(res: Response): () => Promise<Record<string, unknown>> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async () => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: queue\ndata: (.*)$/m.exec(frame)?.[1];
        if (data) return JSON.parse(data) as Record<string, unknown>;
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

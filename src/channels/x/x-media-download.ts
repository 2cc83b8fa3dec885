import OAuth1Helper from 'twitter-api-v2/dist/cjs/client-mixins/oauth1.helper';
import type { XConfig } from './x-config';

/** Where X serves the media of direct messages (the older and the newer host name). */
const DM_MEDIA_ORIGINS = ['https://ton.twitter.com', 'https://ton.x.com'];
const DEFAULT_API_BASE = 'https://api.x.com';

/**
 * Media in X direct messages can only be fetched with a request signed by the account's own user
 * tokens (OAuth 1.0a); an unsigned or app-only request is refused. Only URLs on X's DM media host
 * are fetched, so nothing else is ever sent the signature. A local API base (tests) also serves them.
 */
export function xMediaDownloader(config: Pick<XConfig, 'consumerKey' | 'consumerSecrets' | 'accessToken' | 'accessSecret' | 'apiBase'>) {
  const oauth = new OAuth1Helper({ consumerKeys: { key: config.consumerKey, secret: config.consumerSecrets[0] as string } });
  const local = config.apiBase !== DEFAULT_API_BASE;
  return async (url: string, signal: AbortSignal): Promise<Response> => {
    const origin = DM_MEDIA_ORIGINS.find((o) => url.startsWith(`${o}/`));
    if (origin === undefined) return new Response(null, { status: 404 });
    const target = local ? `${config.apiBase}${url.slice(origin.length)}` : url;
    const auth = oauth.authorize({ url: target, method: 'GET' }, { key: config.accessToken, secret: config.accessSecret });
    return await fetch(target, { signal, headers: oauth.toHeader(auth), redirect: 'follow' });
  };
}

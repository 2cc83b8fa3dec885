// A real OpenID Connect provider (the oidc-provider package) for the suite, on loopback, run as a
// child process because oidc-provider is an ES module only. Configured by the environment:
// OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI. Prints its issuer URL on
// stdout. Who signs in is chosen by the test: POST /test/accounts {id: {email, email_verified,
// name, groups}} and POST /test/next {"accountId"}; the login and consent steps then finish on
// their own, as if that person had typed their password at their identity provider.
import http from 'node:http';
import process from 'node:process';
import Provider from 'oidc-provider';

const accounts = new Map();
let next;

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.OIDC_TEST_CLIENT_ID,
        client_secret: process.env.OIDC_TEST_CLIENT_SECRET,
        redirect_uris: [process.env.OIDC_TEST_REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // Scope claims in the ID token too, as Google and Okta put email there.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const claims = accounts.get(id);
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    cookies: { keys: ['suite-only-cookie-key'] },
    jwks: undefined,
  });
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    try {
      if (req.method === 'POST' && req.url?.startsWith('/test/')) {
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const body = JSON.parse(raw || '{}');
        if (req.url === '/test/accounts') for (const [id, claims] of Object.entries(body)) accounts.set(id, claims);
        if (req.url === '/test/next') next = body.accountId;
        res.writeHead(204).end();
        return;
      }
      if (req.url?.startsWith('/interaction/')) {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          await provider.interactionFinished(req, res, { login: { accountId: next } }, { mergeWithLastSubmission: false });
          return;
        }
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        const missing = details.prompt.details;
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      callback(req, res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
  process.stdout.write(`${issuer}\n`);
});

// The test file's end closes stdin: stop then.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

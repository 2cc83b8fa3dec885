import { loadConfig } from '../../../src/platform/config';

const ISSUER = {
  OIDC_ISSUER_URL: 'https://login.example.org/tenant/v2.0',
  OIDC_CLIENT_ID: 'frontdesk',
  OIDC_CLIENT_SECRET: 'not-a-real-secret',
};

describe('Single sign-on configuration', () => {
  test('when nothing is set, then single sign-on is off; when all three are set, then it is on with its defaults', () => {
    expect(loadConfig({}).staff.oidc).toBeUndefined();
    expect(loadConfig(ISSUER).staff.oidc).toMatchObject({
      clientId: 'frontdesk',
      name: 'login.example.org',
      roleClaim: undefined,
      autoCreateRole: undefined,
      disablePasswords: false,
    });
  });

  test('when it is half set or a value is wrong, then start-up fails naming the variable', () => {
    expect(() => loadConfig({ OIDC_ISSUER_URL: ISSUER.OIDC_ISSUER_URL })).toThrow(/set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too/);
    expect(() => loadConfig({ OIDC_AUTO_CREATE_ROLE: 'agent' })).toThrow(/OIDC_AUTO_CREATE_ROLE: single sign-on needs OIDC_ISSUER_URL/);
    expect(() => loadConfig({ ...ISSUER, OIDC_ISSUER_URL: 'http://login.example.org' })).toThrow(/OIDC_ISSUER_URL: must be https/);
    expect(() => loadConfig({ ...ISSUER, OIDC_AUTO_CREATE_ROLE: 'nurse' })).toThrow(/OIDC_AUTO_CREATE_ROLE: "nurse" is not a role/);
    expect(() => loadConfig({ ...ISSUER, OIDC_ROLE_CLAIM: 'groups:Nurses' })).toThrow(/OIDC_ROLE_CLAIM: each mapping is value=role/);
    expect(() => loadConfig({ ...ISSUER, OIDC_DISABLE_PASSWORDS: 'yes' })).toThrow(/OIDC_DISABLE_PASSWORDS: must be true or false/);
  });

  test('when a role claim maps values, then the map is read; a local provider may use plain http', () => {
    const oidc = loadConfig({
      ...ISSUER,
      OIDC_ROLE_CLAIM: 'groups:Front Desk=agent,Nurses=clinician',
      OIDC_ISSUER_URL: 'http://127.0.0.1:4000',
    }).staff.oidc;
    expect(oidc?.roleClaim).toEqual({ claim: 'groups', map: { 'Front Desk': 'agent', Nurses: 'clinician' } });
    expect(loadConfig({ ...ISSUER, OIDC_ROLE_CLAIM: 'roles' }).staff.oidc?.roleClaim).toEqual({ claim: 'roles', map: undefined });
  });
});

// Single sign-on end to end in the browser against the local OpenID provider (tests/support/
// oidc-provider.mjs, the real protocol: discovery, JWKS, code flow with PKCE, RS256 ID tokens), and the
// refusal of ID tokens with a bad signature, wrong audience, wrong nonce or past expiry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, withPage, expectAccessible } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let provider, providerDir, issuer, server, browser;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

before(async () => {
  providerDir = mkdtempSync(join(tmpdir(), 'motcua-oidc-'));
  const portFile = join(providerDir, 'port');
  provider = spawn(process.execPath, [join(here, '..', 'support', 'oidc-provider.mjs'), '--port', '0', '--port-file', portFile],
    { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 50));
  issuer = `http://127.0.0.1:${parseInt(readFileSync(portFile, 'utf8'), 10)}`;
  const port = await freePort();
  server = await startServer(['--port', String(port), '--oidc-issuer', issuer, '--oidc-client-id', 'motcua',
    '--oidc-client-secret', 'motcua-secret', '--oidc-redirect-uri', `http://127.0.0.1:${port}/oidc/callback`]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  provider?.kill('SIGTERM');
  rmSync(providerDir, { recursive: true, force: true });
});

async function ssoLogin(page, name) {
  await page.goto(server.url + '/dang-nhap?next=/tai-khoan');
  await page.getByRole('link', { name: /định danh điện tử/ }).click();
  await page.waitForURL((u) => u.origin === issuer);
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.waitForLoadState();
}

test('sign in through the national identity provider links the account by the CCCD', async () => {
  await withPage(browser, 'oidc-login', async (page, errors) => {
    await page.goto(server.url + '/dang-nhap');
    await expectAccessible(page, 'sign-in with the national identity provider');
    await ssoLogin(page, 'Nguyễn Văn An');
    assert.equal(new URL(page.url()).pathname, '/tai-khoan');
    assert.match(await page.locator('main').textContent(), /Đã xác thực với hệ thống định danh quốc gia/);
    assert.match(await page.locator('.account-box').textContent(), /Nguyễn Văn An/);
    // A person with no account yet gets one, verified.
    await page.locator('.account-box button').click();
    await ssoLogin(page, 'Trần Thị Bình');
    assert.equal(new URL(page.url()).pathname, '/tai-khoan');
    assert.match(await page.locator('main').textContent(), /038305012345/);
    // The stand-in provider serves no favicon: its 404 is the only console error allowed.
    assert.deepEqual(errors.filter((e) => !e.includes('status of 404')), []);
  });
});

for (const mode of ['bad_signature', 'wrong_audience', 'wrong_nonce', 'expired']) {
  test(`an ID token with ${mode} is refused`, async () => {
    await withPage(browser, 'oidc-' + mode, async (page) => {
      const r = await fetch(issuer + '/test/next?mode=' + mode, { method: 'POST' });
      assert.ok(r.ok);
      await ssoLogin(page, 'Nguyễn Văn An');
      assert.equal(new URL(page.url()).pathname, '/oidc/callback');
      assert.match(await page.locator('main').textContent(), /Yêu cầu không hợp lệ|Không có quyền|định danh|chữ ký|hết hạn|không hợp lệ/i);
      assert.equal(await page.locator('.account-box a[href="/dang-nhap"]').count(), 1);  // still signed out
      if (mode === 'bad_signature') await expectAccessible(page, 'refused sign-in through the identity provider');
      const me = await page.request.get(server.url + '/api/v1/me');
      assert.equal(me.status(), 401);
    });
  });
}

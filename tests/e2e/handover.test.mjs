// The hand-over panel of the officer's dossier page (services/handover; liên thông) with one configured peer that
// does not answer: the desk hands an accepted dossier over from the page (the form is labelled, the panel
// accessible at desktop width); the panel then lists the hand-over, "Chưa có phản hồi" until the peer answers. The
// two-deployment flow itself is tests/api/handover_test.cpp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';

let server, browser, dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-handover-'));
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x, 'base64url').toString('base64');
  writeFileSync(join(dir, 'peers.json'), JSON.stringify({ 'tinh-b': { name: 'Hệ thống một cửa tỉnh B', url: 'http://127.0.0.1:9', public_key: publicKey } }));
  server = await startServer(['--peer-id', 'tinh-a', '--peers', join(dir, 'peers.json')]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the desk hands an accepted dossier over from its page', async () => {
  const desk = await apiToken(server.url, 'motcua.bensung');
  const res = await fetch(`${server.url}/api/v1/dossiers`, { method: 'POST', headers: { Authorization: `Bearer ${desk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ procedure_code: '1.001653', agency_code: '000.01.25.H56', delivery: 'desk', accept: true,
      applicant: { name: 'Trần Thị Bình', id_number: '038190000777' }, documents: [{ component_code: 'KTT-01', copy_type: 'original' }] }) });
  assert.equal(res.status, 201);
  const { id } = await res.json();
  await withPage(browser, 'handover', async (page, errors) => {
    await signIn(page, server.url, 'motcua.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.match(await page.locator('#handover').textContent(), /Hồ sơ chưa được chuyển liên thông/);
    await page.selectOption('#ho_peer', 'tinh-b');
    await page.fill('#ho_agency', '000.01.25.H56');
    await page.fill('#ho_note', 'Người nộp chuyển nơi cư trú sang tỉnh B');
    await page.getByRole('button', { name: 'Chuyển liên thông' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#flash').textContent(), /Đã gửi hồ sơ liên thông/);
    const row = page.locator('#handover-table tbody tr');
    assert.equal(await row.count(), 1);
    assert.match(await row.first().textContent(), /Đã chuyển đi.*Hệ thống một cửa tỉnh B.*Chưa có phản hồi/s);
    await expectAccessible(page, 'dossier page with its hand-over panel');
    assert.deepEqual(errors, []);
  }, { width: 1366, height: 900 });
});

// The national portal sync's reconciliation page with the portal's stand-in (motcua-national, next to the motcua
// binary): a payload the portal refuses shows as "Gửi không được" with its error; the province administrator
// resends it once the portal accepts again, and the page then shows everything synced (accessible, phone width).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startNationalPortal, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';

let server, browser, portal, dir;

const accepted = () => (existsSync(join(dir, 'accepted.jsonl')) ? readFileSync(join(dir, 'accepted.jsonl'), 'utf8').split('\n').filter(Boolean) : []);
async function waitAccepted(n, timeoutMs = 20000) {
  for (let waited = 0; accepted().length < n && waited < timeoutMs; waited += 50) await new Promise((r) => setTimeout(r, 50));
  return accepted().length;
}

before(async () => {
  portal = await startNationalPortal();
  dir = portal.dir;
  server = await startServer(portal.serverArgs, { MOTCUA_NATIONAL_PERIOD_MS: '100' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  portal?.stop();
});

test('a refused payload shows on the reconciliation page and is resent from it', async () => {
  const desk = await apiToken(server.url, 'motcua.bensung');
  const post = (path, body) => fetch(server.url + path, { method: 'POST', headers: { Authorization: `Bearer ${desk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body) });
  const res = await post('/api/v1/dossiers', { procedure_code: 'local.1', agency_code: '000.01.25.H56', delivery: 'desk', accept: true,
    applicant: { name: 'Nguyễn Văn An', id_number: '001090000001' } });
  assert.equal(res.status, 201);
  const d = await res.json();
  assert.equal(await waitAccepted(4), 4, 'submission and acceptance reach the portal');
  portal.control('422');  // the portal refuses what comes next
  assert.equal((await post(`/api/v1/dossiers/${d.id}/actions/transfer`, { unit: 'TP' })).status, 200);

  await withPage(browser, 'national-sync', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    let dead = 0;
    for (let i = 0; i < 100 && dead === 0; i++) {
      await page.goto(server.url + '/giam-sat/dong-bo');
      dead = await page.locator('#sync-problems tr[data-status="dead"]').count();
      if (!dead) await page.waitForTimeout(100);
    }
    assert.equal(dead, 1, 'the refused payload is listed');
    const row = page.locator('#sync-problems tr[data-status="dead"]');
    assert.match(await row.textContent(), new RegExp(d.code));
    assert.match(await row.textContent(), /HTTP 422/);
    assert.equal(await page.locator('#sync-total dd[data-k="dead"]').textContent(), '1');
    await expectAccessible(page, 'national sync with a dead payload');
    // The portal accepts again; the administrator resends.
    portal.control('');
    await Promise.all([page.waitForURL(/\/giam-sat\/dong-bo\?ok=resend$/), row.getByRole('button', { name: /Gửi lại/ }).click()]);
    assert.match(await page.locator('#flash').textContent(), /hàng chờ gửi lại/);
    assert.equal(await waitAccepted(6), 6, 'the resent payload and the one held behind it arrive');
    await page.goto(server.url + '/giam-sat/dong-bo');
    assert.equal(await page.locator('#no-problems').count(), 1);
    assert.equal(await page.locator('#sync-total dd[data-k="synced"]').textContent(), '6');
    await expectAccessible(page, 'national sync, all synced');
    assert.deepEqual(errors, []);
  });
});

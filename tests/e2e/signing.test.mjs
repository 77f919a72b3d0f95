// Signed e-results in the browser (issue 9): the demo leader has a signing key (`motcua signers demo`); the
// specialist's PDF result is approved on the leader's dossier page with the key's PIN (a wrong PIN is refused
// on the page and never echoed back); the citizen downloads the signed result from "Hồ sơ của tôi"; poppler's
// pdfsig says the signature is valid; the public verification page (QR target, no sign-in) says authentic and
// shows the masked holder; the same file dropped on /xac-minh is authentic, with one byte changed both pdfsig and
// the page say not valid; the leader revokes it on the verification page and the page then says revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { act, tinyPdf, unexpected } from './dossier_helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  execFileSync(process.env.MOTCUA_BIN, ['signers', 'demo', '--data', server.dir], { encoding: 'utf8' });
});
after(async () => { await browser?.close(); await server?.stop(); });

const CITIZEN = '001090000001';

async function api(user, method, path, body) {
  const token = await apiToken(server.url, user);
  const res = await fetch(server.url + path, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

// At the desk: a walk-in dossier (result online) for the demo citizen, accepted and handed to Tư pháp.
async function deskDossierAtTuPhap() {
  const created = await api('motcua.bensung', 'POST', '/api/v1/dossiers', {
    procedure_code: '1.001653', agency_code: '000.01.25.H56', delivery: 'online', accept: true,
    documents: [{ component_code: 'KTT-01', copy_type: 'original' }],
    applicant: { name: 'Nguyễn Văn An', id_number: CITIZEN, phone: '0912345678' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const id = created.json.id;
  assert.equal((await api('motcua.bensung', 'POST', `/api/v1/dossiers/${id}/actions/transfer`, { unit: 'TP' })).status, 200);
  return id;
}

function pdfsig(buf, name) {
  const f = join(server.dir, name);
  writeFileSync(f, buf);
  try {
    return execFileSync('pdfsig', [f], { encoding: 'utf8' });
  } catch (e) {
    return String(e.stdout || '') + String(e.stderr || '');
  }
}

test('leader signs at approval → citizen downloads → pdfsig valid → public page authentic; changed copy invalid; revoked', async () => {
  const id = await deskDossierAtTuPhap();

  await withPage(browser, 'sign-attach', async (page, errors) => {
    await signIn(page, server.url, 'tuphap.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    await page.setInputFiles('#attach-result-file', { name: 'trich-luc.pdf', mimeType: 'application/pdf', buffer: tinyPdf('Trich luc ho tich') });
    assert.equal(await act(page, 'attach-result'), 303);
    assert.equal(await act(page, 'submit-for-approval'), 303);
    assert.deepEqual(unexpected(errors), []);
  });

  let verifyUrl;
  await withPage(browser, 'sign-approve', async (page, errors) => {
    await signIn(page, server.url, 'lanhdao.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.equal(await page.locator('#approve-pin').getAttribute('type'), 'password');
    await page.fill('#approve-pin', 'sai-ma-pin');
    assert.equal(await act(page, 'approve'), 422);
    assert.match(await page.locator('#act-approve').textContent(), /Mã PIN của chứng thư số không đúng/);
    assert.equal(await page.locator('#approve-pin').inputValue(), '', 'the PIN is never echoed back');
    await page.fill('#approve-pin', 'demo1234');
    assert.equal(await act(page, 'approve'), 303);
    assert.equal(await page.locator('#status-label').textContent(), 'Đã xử lý xong');
    verifyUrl = await page.locator('#result-verify-link').getAttribute('href');
    assert.match(verifyUrl, /^\/xac-minh\/[0-9a-f]{20}$/);
    assert.deepEqual(unexpected(errors, 422), []);
  }, { width: 1366, height: 900 });
  assert.equal((await api('motcua.bensung', 'POST', `/api/v1/dossiers/${id}/actions/return-result`, {})).status, 200);

  let signed;
  await withPage(browser, 'sign-download', async (page, errors) => {
    await signIn(page, server.url, CITIZEN);
    await page.goto(`${server.url}/ho-so-cua-toi/${id}`);
    const href = await page.locator('#result-download').getAttribute('href');
    const res = await page.request.get(server.url + href);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    signed = await res.body();
    assert.equal(await page.locator('#result-verify').getAttribute('href'), verifyUrl);
    assert.deepEqual(unexpected(errors), []);
  });
  const sig = pdfsig(signed, 'signed.pdf');
  assert.match(sig, /Signature is Valid\./, sig);
  assert.match(sig, /Total document signed/, sig);

  const changed = Buffer.from(signed);
  const at = changed.indexOf('Trich luc');
  assert.ok(at > 0);
  changed[at] = 'X'.charCodeAt(0);
  const sig2 = pdfsig(changed, 'changed.pdf');
  assert.doesNotMatch(sig2, /Signature is Valid\./, sig2);

  await withPage(browser, 'sign-verify-public', async (page, errors) => {
    await page.goto(server.url + verifyUrl);  // no sign-in: what the QR code opens
    assert.equal(await page.locator('#verify-verdict').getAttribute('data-verdict'), 'authentic');
    assert.match(await page.locator('#verify-verdict').textContent(), /Văn bản xác thực/);
    assert.equal((await page.locator('#verify-holder').textContent()).trim(), 'Nguyễn V*** A***');
    assert.equal(await page.locator('#revoke-reason').count(), 0, 'the public sees no revocation form');
    await expectAccessible(page, 'public verification page');
    await page.setInputFiles('#check-file', { name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: signed });
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/xac-minh')), page.getByRole('button', { name: 'Kiểm tra', exact: true }).click()]);
    await page.waitForLoadState();
    assert.equal(await page.locator('#verify-verdict').getAttribute('data-verdict'), 'authentic');
    await page.setInputFiles('#check-file', { name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: changed });
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/xac-minh')), page.getByRole('button', { name: 'Kiểm tra', exact: true }).click()]);
    await page.waitForLoadState();
    assert.equal(await page.locator('#verify-verdict').getAttribute('data-verdict'), 'invalid');
    assert.match(await page.locator('#verify-verdict').textContent(), /không hợp lệ/);
    assert.deepEqual(unexpected(errors), []);
  });

  await withPage(browser, 'sign-revoke', async (page, errors) => {
    await signIn(page, server.url, 'lanhdao.bensung');
    await page.goto(server.url + verifyUrl);
    await page.fill('#revoke-reason', 'Cấp nhầm thông tin người được cấp');
    await Promise.all([page.waitForURL(server.url + verifyUrl), page.getByRole('button', { name: 'Thu hồi văn bản' }).click()]);
    assert.deepEqual(unexpected(errors), []);
  });
  await withPage(browser, 'sign-revoked-public', async (page) => {
    await page.goto(server.url + verifyUrl);
    assert.equal(await page.locator('#verify-verdict').getAttribute('data-verdict'), 'revoked');
    assert.match(await page.locator('#verify-verdict').textContent(), /đã bị thu hồi/);
    assert.match(await page.locator('#verify-revoked').textContent(), /\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}|\d{2}\/\d{2}\/\d{4}/);
  });
});

test('the solving agency\'s leader signs Mẫu 04 on the dossier page; the applicant gets the signed copy', async () => {
  const id = await deskDossierAtTuPhap();
  let apologized = false;  // a new appointment a few weeks on, on the first working day the calendar accepts
  for (let k = 21; k < 45 && !apologized; k++) {
    const day = new Date(Date.now() + k * 864e5).toISOString().slice(0, 10);
    apologized = (await api('lanhdao.bensung', 'POST', `/api/v1/dossiers/${id}/actions/apologize`, { reason: 'Chờ xác minh', new_due: day })).status === 200;
  }
  assert.ok(apologized);

  const sign = async (page) => {
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-04')),
      page.locator('#sign-04-form button[type=submit]').click(),
    ]);
    await page.waitForLoadState();
    return resp.status();
  };
  await withPage(browser, 'sign-slip', async (page, errors) => {
    await signIn(page, server.url, 'lanhdao.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.equal(await page.locator('#sign-04-pin').getAttribute('type'), 'password');
    await expectAccessible(page, 'dossier page with the slip signing form');
    await page.fill('#sign-04-pin', 'sai-ma-pin');
    assert.equal(await sign(page), 422);
    assert.match(await page.locator('#sign-04-form').textContent(), /Mã PIN của chứng thư số không đúng/);
    assert.equal(await page.locator('#sign-04-pin').inputValue(), '', 'the PIN is never echoed back');
    await page.fill('#sign-04-pin', 'demo1234');
    assert.equal(await sign(page), 303);
    assert.equal(await page.locator('#sign-04-form').count(), 0, 'signed once per event');
    assert.match(await page.locator('#slips').textContent(), /Đã ký số/);
    assert.deepEqual(unexpected(errors, 422), []);
  }, { width: 1366, height: 900 });
  await withPage(browser, 'sign-slip-specialist', async (page) => {
    await signIn(page, server.url, 'tuphap.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.equal(await page.locator('#sign-04-form').count(), 0, 'only a leader of the solving agency is offered to sign');
  });
  let slip;
  await withPage(browser, 'sign-slip-download', async (page) => {
    await signIn(page, server.url, CITIZEN);
    const res = await page.request.get(`${server.url}/api/v1/dossiers/${id}/forms/04.pdf`);
    assert.equal(res.status(), 200);
    slip = await res.body();
  });
  const sig = pdfsig(slip, 'mau-04.pdf');
  assert.match(sig, /Signature is Valid\./, sig);
});

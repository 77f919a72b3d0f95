// Online payment in the browser with the VNPAY sandbox (motcua-paygate, next to the motcua binary): a citizen's
// dossier with an upfront fee (2.000635, 8.000 đ per copy) shows what is due; "Thanh toán trực tuyến (VNPAY)" opens
// the gateway's page, "Thanh toán" brings the citizen back to the result page, the receipt is listed and opens as a
// PDF; the desk then accepts the dossier; a status-6 notice is paid the same way and the dossier moves on
// (accessible at phone and desktop widths) — this one through the national payment platform's sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';

let server, browser, gate, dir;
const root = process.env.MOTCUA_SOURCE_DIR || join(dirname(new URL(import.meta.url).pathname), '..', '..');
const bin = join(dirname(process.env.MOTCUA_BIN || join(root, 'build', 'asan', 'motcua')), 'motcua-paygate');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-paygate-'));
  gate = spawn(bin, ['--log', join(dir, 'log.jsonl'), '--control-file', join(dir, 'control'), '--tmn-code', 'E2E00001', '--secret', 'e2e-vnpay-secret',
    '--ipn-url-file', join(dir, 'ipn_url'), '--port', '0', '--port-file', join(dir, 'port'),
    '--paygov-partner-code', 'E2E-PG', '--paygov-access-key', 'e2e-access', '--paygov-secret', 'e2e-paygov-secret'], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(join(dir, 'port')); i++) await new Promise((r) => setTimeout(r, 25));
  const base = `http://127.0.0.1:${parseInt(readFileSync(join(dir, 'port'), 'utf8'), 10)}`;
  server = await startServer(['--vnpay-url', `${base}/paymentv2/vpcpay.html`, '--vnpay-api-url', `${base}/merchant_webapi/api/transaction`,
    '--vnpay-tmn-code', 'E2E00001', '--vnpay-secret', 'e2e-vnpay-secret',
    '--paygov-api-url', `${base}/paygov/api`, '--paygov-partner-code', 'E2E-PG', '--paygov-access-key', 'e2e-access', '--paygov-secret', 'e2e-paygov-secret']);
  writeFileSync(join(dir, 'ipn_url'), `${server.url}/api/v1/payments/vnpay/ipn\n`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  gate?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function api(token, method, path, body) {
  const res = await fetch(server.url + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function uploadPdf(token) {
  const fd = new FormData();
  fd.append('file', new Blob(['%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n'], { type: 'application/pdf' }), 'cccd.pdf');
  const res = await fetch(server.url + '/api/v1/files', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: fd });
  return (await res.json()).id;
}

// Pays from the dossier page: the button of the chosen gateway, the gateway's page, back to the result page.
const GATEWAYS = {
  vnpay: { button: 'Thanh toán trực tuyến (VNPAY)', link: 'Tiếp tục đến cổng thanh toán VNPAY', page: /\/paymentv2\/vpcpay\.html/ },
  paygov: { button: 'Thanh toán qua Cổng Dịch vụ công quốc gia', link: 'Tiếp tục đến Nền tảng thanh toán của Cổng Dịch vụ công quốc gia',
    page: /\/paygov\/pay\?token=/ },
};
async function payFromDossierPage(page, id, amountText, gateway = 'vnpay') {
  const g = GATEWAYS[gateway];
  await page.goto(`${server.url}/ho-so-cua-toi/${id}`);
  assert.match(await page.locator('#fee-payable').textContent(), new RegExp(amountText));
  await expectAccessible(page, 'dossier page with a fee due');
  await page.getByRole('button', { name: g.button }).click();
  await page.waitForURL(/\/thanh-toan$/);
  assert.equal(await page.locator('#pay-amount').textContent(), amountText);
  await expectAccessible(page, 'before leaving for the gateway');
  await page.getByRole('link', { name: g.link }).click();
  await page.waitForURL(g.page);
  assert.ok(await page.getByText(amountText).first().isVisible());
  if (gateway === 'paygov') await expectAccessible(page, 'the national payment platform sandbox page');
  await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
  await page.waitForURL(new RegExp(`/thanh-toan/${gateway}/ket-qua`));
  assert.equal(await page.locator('#payment-result').getAttribute('data-state'), 'paid');
  await expectAccessible(page, 'payment result');
  await page.getByRole('link', { name: 'Về trang hồ sơ' }).click();
  await page.waitForURL(new RegExp(`/ho-so-cua-toi/${id}`));
}

test('a citizen pays an upfront fee online, gets the receipt, the desk accepts; a status-6 notice is paid the same way', async () => {
  const citizen = await apiToken(server.url, '001090000001');
  const proc = (await api(citizen, 'GET', '/api/v1/procedures/2.000635')).body;
  const form = {};
  for (const f of proc.form_schema.fields) {
    if (!f.required) continue;
    form[f.name] = f.type === 'checkbox' ? true : f.type === 'select' || f.type === 'radio' ? f.choices[0].value : f.type === 'date' ? '2020-01-02'
      : f.type === 'id_number' ? '001090000001' : f.type === 'phone' ? '0912345678' : f.type === 'email' ? 'an@example.vn' : f.type === 'number' ? '1' : 'Nguyễn Văn An';
  }
  form.so_ban_sao = 2;
  const sub = await api(citizen, 'POST', '/api/v1/dossiers', { procedure_code: '2.000635', agency_code: '000.01.25.H56', delivery: 'desk', form,
    documents: [{ component_code: 'BS-04', file_id: await uploadPdf(citizen) }] });
  assert.equal(sub.status, 201);
  const id = sub.body.id;
  const desk = await apiToken(server.url, 'motcua.bensung');
  assert.equal((await api(desk, 'POST', `/api/v1/dossiers/${id}/actions/accept`, {})).status, 409, 'not accepted before the upfront fee is paid');

  await withPage(browser, 'payments-citizen', async (page, errors) => {
    await signIn(page, server.url, '001090000001');
    await payFromDossierPage(page, id, '16.000 đ');
    assert.match(await page.locator('#notice, #fees').first().textContent(), /./);
    assert.equal(await page.locator('#fee-payable').count(), 0, 'nothing left to pay');
    const receipt = page.locator('#receipts li').first();
    assert.match(await receipt.textContent(), /Biên lai thu số/);
    const pdfHref = await receipt.getByRole('link', { name: 'Tải PDF' }).getAttribute('href');
    assert.equal(await receipt.getByRole('link', { name: 'Tải PDF' }).getAttribute('target'), '_blank');
    const pdf = await fetch(server.url + pdfHref);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    await expectAccessible(page, 'dossier page with a receipt');
    // The public verification page of the receipt (the QR's link), the payer's name masked.
    await page.goto(server.url + (await receipt.getByRole('link', { name: 'Xem' }).getAttribute('href')));
    assert.match(await page.locator('#receipt').textContent(), /16\.000 đ/);
    assert.doesNotMatch(await page.locator('#receipt').textContent(), /Nguyễn Văn An/);
    await expectAccessible(page, 'receipt verification');
    assert.deepEqual(errors.filter((e) => !/409/.test(e)), []);
  });

  assert.equal((await api(desk, 'POST', `/api/v1/dossiers/${id}/actions/accept`, {})).status, 200, 'accepted once paid');
  assert.equal((await api(desk, 'POST', `/api/v1/dossiers/${id}/actions/transfer`, { unit: 'TP' })).status, 200);
  const specialist = await apiToken(server.url, 'tuphap.bensung');
  assert.equal((await api(specialist, 'POST', `/api/v1/dossiers/${id}/actions/request-payment`, { amount: 25000, reason: 'Cước gửi kết quả qua bưu chính' })).status, 200);

  await withPage(browser, 'payments-notice', async (page) => {
    await signIn(page, server.url, '001090000001');
    await payFromDossierPage(page, id, '25.000 đ', 'paygov');  // the notice through the national payment platform
    assert.equal(await page.locator('#receipts li').count(), 2);
  });
  const after6 = await api(citizen, 'GET', `/api/v1/dossiers/${id}`);
  assert.equal(after6.body.status, 4, 'the dossier moves on after the notice is paid');

  // The desk sees the fees and the day's reconciliation.
  await withPage(browser, 'payments-desk', async (page) => {
    await signIn(page, server.url, 'motcua.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    assert.equal(await page.locator('#receipts li').count(), 2);
    await expectAccessible(page, 'officer dossier page with fees');
    await page.goto(`${server.url}/can-bo/doi-soat-thanh-toan`);
    assert.equal(await page.locator('#difference').textContent(), '0 đ');
    assert.equal(await page.locator('#reconcile-rows tbody tr').count(), 2);
    await page.fill('#rec_q', '001090000001');
    await page.getByRole('button', { name: 'Tìm biên lai' }).click();
    await page.waitForURL(/q=001090000001/);
    assert.equal(await page.locator('#receipt-results li').count(), 2);
    await expectAccessible(page, 'reconciliation and receipt search');
  }, { width: 1280, height: 800 });
});

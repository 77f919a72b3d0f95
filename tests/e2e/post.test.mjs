// Postal delivery in the browser: a dossier whose result goes by post is approved (through the API); the
// agency's post officer sees its shipment at /can-bo/buu-chinh (accessible at phone and desktop widths),
// records "picked up" and then "delivered" with the row's form, and the dossier is returned (status 10). A citizen
// asks for a pickup on /ho-so-cua-toi/buu-chinh (errors summarised, values kept) and sees the dossier it became.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { tinyPdf } from './dossier_helpers.mjs';

let server, browser;

before(async () => {
  server = await startServer(['--post-webhook-secret', 'e2e-bcci-secret']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(token, method, path, body) {
  const res = await fetch(server.url + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test('the post officer delivers a result by post and the dossier is returned', async () => {
  const desk = await apiToken(server.url, 'motcua.bensung');
  const specialist = await apiToken(server.url, 'tuphap.bensung');
  const leader = await apiToken(server.url, 'lanhdao.bensung');
  const created = await api(desk, 'POST', '/api/v1/dossiers', {
    procedure_code: '1.001653', agency_code: '000.01.25.H56', delivery: 'post', accept: true,
    applicant: { name: 'Lê Thị Bưu', id_number: '038190000123', phone: '0912000222', address: 'Số 5 đường Lê Lợi, phường Bến Sung' },
    documents: [{ component_code: 'KTT-01', copy_type: 'original' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal((await api(desk, 'POST', `/api/v1/dossiers/${id}/actions/transfer`, { unit: 'TP' })).status, 200);
  const fd = new FormData();
  fd.append('file', new Blob([tinyPdf('Ket qua')], { type: 'application/pdf' }), 'ket-qua.pdf');
  const up = await (await fetch(server.url + '/api/v1/files', { method: 'POST', headers: { Authorization: `Bearer ${specialist}` }, body: fd })).json();
  assert.equal((await api(specialist, 'POST', `/api/v1/dossiers/${id}/actions/attach-result`, { file_id: up.id })).status, 200);
  assert.equal((await api(leader, 'POST', `/api/v1/dossiers/${id}/actions/approve`, {})).status, 200);

  await withPage(browser, 'post-officer', async (page) => {
    await signIn(page, server.url, 'buudien.bensung');
    await page.goto(`${server.url}/can-bo/buu-chinh`);
    const row = page.locator('#shipments tbody tr').filter({ hasText: 'Lê Thị Bưu' });
    assert.equal(await row.count(), 1);
    assert.equal(await row.getAttribute('data-state'), 'requested');
    const tracking = await row.getAttribute('data-tracking');
    assert.match(tracking, /^EB\d{9}VN$/);
    await expectAccessible(page, 'postal shipments');
    await row.getByLabel('Chuyển sang').selectOption('picked_up');
    await Promise.all([page.waitForURL(/ok=moved/), row.getByRole('button', { name: /Cập nhật/ }).click()]);
    assert.match(await page.locator('#flash').textContent(), /Đã cập nhật/);
    const again = page.locator(`#shipments tr[data-tracking="${tracking}"]`);
    assert.equal(await again.getAttribute('data-state'), 'picked_up');
    await again.getByLabel('Chuyển sang').selectOption('delivered');
    await Promise.all([page.waitForURL(/ok=moved/), again.getByRole('button', { name: /Cập nhật/ }).click()]);
    assert.equal(await page.locator(`#shipments tr[data-tracking="${tracking}"]`).getAttribute('data-state'), 'delivered');
  });
  const d = await api(desk, 'GET', `/api/v1/dossiers/${id}`);
  assert.equal(d.body.status, 10, 'returned once the post delivered the result');
});

test('a citizen asks the post to collect a dossier; the post officer receives it as a channel-3 dossier', async () => {
  let tracking;
  await withPage(browser, 'pickup-citizen', async (page) => {
    await signIn(page, server.url, '001090000001');
    await page.goto(`${server.url}/ho-so-cua-toi`);
    await page.getByRole('link', { name: 'Đăng ký bưu điện đến nhận hồ sơ' }).click();
    await page.waitForURL(/\/ho-so-cua-toi\/buu-chinh$/);
    await expectAccessible(page, 'pickup form');
    // Missing fields: the summary names them, the values typed stay.
    await page.getByLabel('Thời gian thuận tiện').fill('Sáng thứ Bảy');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    assert.ok(await page.locator('#error-summary').isVisible());
    assert.ok((await page.locator('#error-summary li').count()) >= 3);
    assert.equal(await page.getByLabel('Thời gian thuận tiện').inputValue(), 'Sáng thứ Bảy');
    await expectAccessible(page, 'pickup form with errors');
    await page.getByLabel('Thủ tục hành chính').selectOption('local.1');
    await page.getByLabel('Cơ quan tiếp nhận').selectOption('000.01.25.H56');
    await page.getByLabel('Địa chỉ nhận hồ sơ').fill('Thôn Đông, xã Bến Sung');
    await page.getByLabel('Số điện thoại liên hệ').fill('0912345678');
    await Promise.all([page.waitForURL(/ok=pickup/), page.getByRole('button', { name: 'Đăng ký' }).click()]);
    assert.match(await page.locator('#flash').textContent(), /Đã đăng ký/);
    tracking = await page.locator('#pickups li').first().getAttribute('data-tracking');
    assert.match(tracking, /^EB\d{9}VN$/);
  });
  const post = await apiToken(server.url, 'buudien.bensung');
  assert.equal((await api(post, 'POST', `/api/v1/shipments/${tracking}/events`, { state: 'picked_up' })).status, 200);
  const dossier = await api(post, 'POST', '/api/v1/dossiers', { procedure_code: 'local.1', agency_code: '000.01.25.H56', pickup: tracking,
    applicant: { name: 'Nguyễn Văn An', id_number: '001090000001' } });
  assert.equal(dossier.status, 201, JSON.stringify(dossier.body));
  assert.equal(dossier.body.channel, 3);
  await withPage(browser, 'pickup-citizen-after', async (page) => {
    await signIn(page, server.url, '001090000001');
    await page.goto(`${server.url}/ho-so-cua-toi/buu-chinh`);
    assert.match(await page.locator(`#pickups li[data-tracking="${tracking}"]`).textContent(), new RegExp(dossier.body.code));
  });
});

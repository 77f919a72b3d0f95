// The personal data store in the browser (issue 9): the demo citizen's birth registration result, returned online,
// is in "Kho dữ liệu của tôi" under <CCCD>.GKS; filing "Cấp bản sao trích lục hộ tịch" online, the citizen picks it
// for the component "Giấy khai sinh hoặc trích lục…" instead of uploading; the desk officer's dossier page shows
// where it came from; the digitization measures count the reuse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { act, pdfFile, tinyPdf, unexpected } from './dossier_helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const CITIZEN = '001090000001';

async function call(user, method, path, body, multipart) {
  const token = await apiToken(server.url, user);
  const headers = { Authorization: `Bearer ${token}` };
  let payload;
  if (multipart) {
    payload = new FormData();
    payload.append('file', new Blob([multipart]), 'ket-qua.pdf');
  } else if (body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(server.url + path, { method, headers, body: payload });
  return { status: res.status, json: await res.json().catch(() => null) };
}

async function returnedBirthRegistration() {
  const r = await call('motcua.bensung', 'POST', '/api/v1/dossiers', {
    procedure_code: '1.001193', agency_code: '000.01.25.H56', delivery: 'desk', accept: true,
    applicant: { name: 'Nguyễn Văn An', id_number: CITIZEN, phone: '0912345678' },
    documents: ['KS-01', 'KS-02', 'KS-06'].map((c) => ({ component_code: c, copy_type: 'original' })),
  });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const id = r.json.id;
  assert.equal((await call('motcua.bensung', 'POST', `/api/v1/dossiers/${id}/actions/transfer`, { unit: 'TP' })).status, 200);
  const up = await call('tuphap.bensung', 'POST', '/api/v1/files', null, tinyPdf('Giay khai sinh'));
  assert.equal(up.status, 201, JSON.stringify(up.json));
  assert.equal((await call('tuphap.bensung', 'POST', `/api/v1/dossiers/${id}/actions/attach-result`, { file_id: up.json.id })).status, 200);
  assert.equal((await call('lanhdao.bensung', 'POST', `/api/v1/dossiers/${id}/actions/approve`, {})).status, 200);
  assert.equal((await call('motcua.bensung', 'POST', `/api/v1/dossiers/${id}/actions/return-result`, { note: 'Ông Nguyễn Văn An nhận' })).status, 200);
  return id;
}

test('a returned birth registration result is reused for "Cấp bản sao trích lục hộ tịch" without uploading', async () => {
  await returnedBirthRegistration();
  let id;
  await withPage(browser, 'docstore-reuse', async (page, errors) => {
    await signIn(page, server.url, CITIZEN);
    await page.goto(`${server.url}/kho-du-lieu`);
    const row = page.locator('#docstore li');
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), new RegExp(`${CITIZEN}\\.GKS`));
    assert.match(await row.textContent(), /Giấy khai sinh/);
    await expectAccessible(page, 'my data store');

    await page.goto(`${server.url}/thu-tuc/2.000635/nop-truc-tuyen`);
    await page.fill('#f_nguoi_yeu_cau_noi_cu_tru', 'Khu phố 3, thị trấn Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa');
    await page.selectOption('#f_quan_he', 'ban_than');
    await page.selectOption('#f_loai_su_kien', 'khai_sinh');
    await page.fill('#f_nguoi_duoc_cap_ho_ten', 'Nguyễn Văn An');
    await page.fill('#f_nguoi_duoc_cap_ngay_sinh', '1990-01-01');
    await page.fill('#f_noi_dang_ky', 'UBND thị trấn Bến Sung');
    await page.fill('#f_so_ban_sao', '1');
    await page.check('#f_hinh_thuc_nhan_ket_qua_buu_chinh');
    await page.check('#f_cam_doan');
    await page.selectOption('#agency', '000.01.25.H56');
    // The component of type GKS offers the stored paper; nothing is uploaded for it.
    const reuse = page.locator('#comp_BS-05_reuse');
    assert.equal(await reuse.locator('option').count(), 2);
    await reuse.selectOption({ index: 1 });
    await page.setInputFiles('#comp_BS-04_file', pdfFile('cccd.pdf', 'CCCD'));
    await expectAccessible(page, 'online form with a reusable paper');
    await Promise.all([page.waitForURL(/\/ho-so-cua-toi\/[^/]+\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    id = page.url().split('/').slice(-2)[0];
    assert.deepEqual(unexpected(errors), []);
  });

  assert.equal((await call('motcua.bensung', 'POST', `/api/v1/dossiers/${id}/payments`, { gateway: 'cash' })).status, 201);  // the upfront fee at the desk
  await withPage(browser, 'docstore-officer', async (page, errors) => {
    await signIn(page, server.url, 'motcua.bensung');
    await page.goto(`${server.url}/can-bo/ho-so/${id}`);
    const row = page.locator('#documents tr[data-component="BS-05"]');
    assert.match(await row.textContent(), /Tái sử dụng từ kho dữ liệu/);
    assert.match(await row.textContent(), new RegExp(`${CITIZEN}\\.GKS`));
    assert.equal(await act(page, 'accept'), 303);
    assert.deepEqual(unexpected(errors), []);
  }, { width: 1366, height: 900 });

  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const m = await call('lanhdao.bensung', 'GET', `/api/v1/reports/digitization?agency=000.01.25.H56&from=${today}&to=${today}`);
  assert.equal(m.status, 200);
  assert.equal(m.json.reused.count, 1, JSON.stringify(m.json));
});

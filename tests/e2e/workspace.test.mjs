// Browser tests of the officers' workspace (/can-bo): a desk (channel 1) dossier end to end entirely
// through the pages (intake → Mẫu 01 → transfer → specialist attaches the result and submits → leader
// approves → desk returns it → ledger and its PDF), a refusal that needs a reason, a stale form (409,
// nothing changed), a supplement request that pauses the clock and its acceptance, and another agency's
// desk officer who cannot open the dossier (404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { act, pdfFile, pdftext as pdftextIn, unexpected } from './dossier_helpers.mjs';

let server, browser, tmp;
const tokens = {};
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tmp = mkdtempSync(join(tmpdir(), 'motcua-ws-'));
  for (const u of ['motcua.bensung', 'tuphap.bensung', 'lanhdao.bensung', 'quantri']) tokens[u] = await apiToken(server.url, u);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});


async function api(user, path, method = 'GET', body) {
  const res = await fetch(server.url + path, {
    method,
    headers: { Authorization: 'Bearer ' + tokens[user], ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

const pdftext = (buf, name) => pdftextIn(buf, tmp, name);


const statusLabel = (page) => page.locator('#status-label').textContent();
const idFromUrl = (page) => new URL(page.url()).pathname.split('/').pop();

// Desk intake of procedure 1.001653 for the demo citizen through the page; accept or only save.
async function intake(page, { accept = true, a11y = false } = {}) {
  await page.goto(server.url + '/can-bo/tiep-nhan');
  await page.fill('#thu_tuc', '1.001653');  // the picker takes a code, or words of the name
  await page.fill('#cccd', '001090000001');
  await Promise.all([page.waitForURL(/thu_tuc=1\.001653/), page.click('#intake-continue')]);
  if (a11y) await expectAccessible(page, 'intake with the applicant found');
  assert.match(await page.locator('#applicant-found').textContent(), /Nguyễn Văn An/);
  assert.equal(await page.inputValue('#name'), 'Nguyễn Văn An');  // R12 prefill
  await page.check('#comp_KTT-01');
  await page.selectOption('#copy_KTT-01', 'original');
  await page.setInputFiles('#scan_KTT-01', pdfFile('don-de-nghi.pdf'));
  await Promise.all([page.waitForURL(/\/can-bo\/ho-so\/[^/?]+\?ok=intake-/), page.click(accept ? '#intake-accept' : '#intake-save')]);
  return idFromUrl(page);
}

async function asUser(name, username, fn) {
  await withPage(browser, name, async (page, errors) => {
    await signIn(page, server.url, username);
    await fn(page, errors);
  }, { width: 1280, height: 900 });
}

test('a desk dossier end to end through the pages: intake, Mẫu 01, transfer, result, approval, return, ledger', async () => {
  let id, code;
  await asUser('ws-desk-intake', 'motcua.bensung', async (page, errors) => {
    await page.goto(server.url + '/can-bo');
    assert.equal(await page.locator('nav.mainnav a[aria-current="page"]').textContent(), 'Xử lý hồ sơ');
    id = await intake(page, { a11y: true });
    await expectAccessible(page, 'desk dossier just accepted (slips, transfer form)');
    code = (await page.locator('#dossier-code').textContent()).trim();
    assert.match(code, /^000\.01\.25\.H56-\d{6}-\d{4}$/);
    assert.match(await page.locator('#flash').textContent(), new RegExp('Đã tiếp nhận hồ sơ, mã hồ sơ ' + code.replace(/\./g, '\\.')));
    assert.equal(await statusLabel(page), 'Được tiếp nhận');
    assert.equal(await page.locator('#channel').textContent(), 'Trực tiếp');
    assert.equal(await page.locator('#documents tr[data-component="KTT-01"] a').count(), 1);  // the scan
    // Mẫu 01 with the page's cookies, checked with pdftotext.
    const href = await page.locator('#slips a[data-form="01"]').getAttribute('href');
    const res = await page.context().request.get(server.url + href);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const text = pdftext(await res.body(), 'mau01.pdf');
    assert.ok(text.includes(code), 'Mẫu 01 names the dossier code');
    assert.match(text, /Nguyễn Văn An/);
    // Hand over to the Tư pháp unit, to the specialist.
    await page.selectOption('#transfer-unit', 'TP');
    await page.selectOption('#transfer-assignee', 'tuphap.bensung');
    assert.equal(await act(page, 'transfer'), 303);
    assert.equal(await statusLabel(page), 'Đang xử lý');
    assert.match(await page.locator('#unit').textContent(), /Tư pháp/);
    assert.deepEqual(unexpected(errors), []);
  });

  await asUser('ws-specialist', 'tuphap.bensung', async (page, errors) => {
    for (const tab of ['cua-don-vi', 'cua-toi']) {
      await page.goto(server.url + '/can-bo?tab=' + tab);
      assert.equal(await page.locator(`#inbox tr[data-code="${code}"]`).count(), 1, 'listed in ' + tab);
    }
    await page.locator(`#inbox tr[data-code="${code}"] a`).click();
    await page.waitForURL(new RegExp('/can-bo/ho-so/' + id + '$'));
    assert.equal(await page.locator('#act-approve').count(), 0);  // no result yet, and not a leader
    await page.setInputFiles('#attach-result-file', pdfFile('ket-qua.pdf'));
    assert.equal(await act(page, 'attach-result'), 303);
    assert.ok(await page.locator('#result-link').isVisible());
    await expectAccessible(page, 'specialist, result attached');
    await page.selectOption('#submit-for-approval-assignee', 'lanhdao.bensung');
    assert.equal(await act(page, 'submit-for-approval'), 303);
    assert.match(await page.locator('#substate').textContent(), /Chờ lãnh đạo phê duyệt/);
    assert.deepEqual(unexpected(errors), []);
  });

  await asUser('ws-leader', 'lanhdao.bensung', async (page, errors) => {
    await page.goto(server.url + '/can-bo?tab=cua-toi');
    await page.locator(`#inbox tr[data-code="${code}"] a`).click();
    await page.waitForURL(new RegExp('/can-bo/ho-so/' + id + '$'));
    assert.equal(await act(page, 'approve'), 303);
    assert.equal(await statusLabel(page), 'Đã xử lý xong');
    assert.equal(await page.locator('#actions form').count(), 0);
    assert.deepEqual(unexpected(errors), []);
  });

  await asUser('ws-desk-return', 'motcua.bensung', async (page, errors) => {
    await page.goto(server.url + '/can-bo/ho-so/' + id);
    assert.equal(await act(page, 'return-result'), 422);  // who received it is required at the desk
    assert.match(await page.locator('#act-return-result .err').textContent(), /người nhận/);
    await expectAccessible(page, 'return-result form with its error');
    await page.fill('#return-result-note', 'Nguyễn Văn An');
    assert.equal(await act(page, 'return-result'), 303);
    assert.equal(await statusLabel(page), 'Đã trả kết quả');
    assert.match(await page.locator('#returned').textContent(), /người nhận: Nguyễn Văn An/);
    const actions = await page.locator('#history tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.deepEqual(actions, ['submit', 'accept', 'transfer', 'attach-result', 'submit-for-approval', 'approve', 'return-result']);
    // People by their full names, never by their logins.
    const history = await page.locator('#history').textContent();
    assert.doesNotMatch(history, /motcua\.bensung|tuphap\.bensung|lanhdao\.bensung/);

    await page.goto(server.url + '/can-bo/so-theo-doi');
    const row = page.locator(`#ledger tr[data-code="${code}"]`);
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), /Nguyễn Văn An/);
    await expectAccessible(page, 'ledger with a dossier');
    const pdf = await page.context().request.get(server.url + (await page.locator('#ledger-pdf').getAttribute('href')));
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.ok(pdftext(await pdf.body(), 'mau05.pdf').includes(code), 'the ledger PDF lists the dossier');
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

test('refusal through the page needs a reason (422, nothing changed), then refuses with Mẫu 03', async () => {
  await asUser('ws-refuse', 'motcua.bensung', async (page, errors) => {
    const id = await intake(page, { accept: false });
    assert.match(await page.locator('#flash').textContent(), /Đã lưu hồ sơ \(chưa tiếp nhận\)/);
    assert.equal(await statusLabel(page), 'Mới đăng ký');
    const before = (await api('motcua.bensung', '/api/v1/dossiers/' + id)).body;
    assert.equal(await act(page, 'refuse'), 422);
    assert.match(await page.locator('#error-summary').textContent(), /Vui lòng nhập lý do/);
    assert.equal(await page.locator('#refuse-reason-err').textContent(), 'Lý do là bắt buộc.');
    assert.match(await page.locator('#refuse-confirm-err').textContent(), /Đánh dấu ô xác nhận/);  // both errors at once
    await expectAccessible(page, 'refusal without a reason (422)');
    const still = (await api('motcua.bensung', '/api/v1/dossiers/' + id)).body;
    assert.equal(still.status, 1);
    assert.equal(still.row_version, before.row_version);
    // Without the CSRF token the POST is refused and changes nothing.
    const forged = await page.context().request.post(`${server.url}/can-bo/ho-so/${id}/refuse`,
      { form: { reason: 'Giả mạo', row_version: String(before.row_version) }, headers: { Accept: 'text/html' } });
    assert.equal(forged.status(), 403);
    assert.equal((await api('motcua.bensung', '/api/v1/dossiers/' + id)).body.status, 1);
    await page.fill('#refuse-reason', 'Hồ sơ không thuộc thẩm quyền giải quyết của UBND thị trấn.');
    // A reason but no confirmation: refused on the server, nothing changed, the reason kept.
    assert.equal(await act(page, 'refuse'), 422);
    assert.match(await page.locator('#refuse-confirm-err').textContent(), /Đánh dấu ô xác nhận/);
    assert.equal(await page.locator('#refuse-reason').inputValue(), 'Hồ sơ không thuộc thẩm quyền giải quyết của UBND thị trấn.');
    assert.equal((await api('motcua.bensung', '/api/v1/dossiers/' + id)).body.status, 1);
    await page.check('#refuse-confirm');
    assert.equal(await act(page, 'refuse'), 303);
    assert.equal(await statusLabel(page), 'Không được tiếp nhận');
    assert.equal(await page.locator('#slips a[data-form="03"]').count(), 1);
    assert.equal(await page.locator('#slips a[data-form="01"]').count(), 0);
    assert.equal((await api('motcua.bensung', '/api/v1/dossiers/' + id)).body.status, 3);
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

test('a stale form (the dossier changed through the API meanwhile) shows the conflict and changes nothing', async () => {
  let id;
  await asUser('ws-stale-desk', 'motcua.bensung', async (page) => {
    id = await intake(page);
    await page.selectOption('#transfer-unit', 'TP');
    assert.equal(await act(page, 'transfer'), 303);
  });
  // In processing the competent agency's specialist holds it (the desk no longer may hand it on).
  await asUser('ws-stale', 'tuphap.bensung', async (page, errors) => {
    await page.goto(server.url + '/can-bo/ho-so/' + id);
    const rv = Number(await page.locator('#summary').getAttribute('data-row-version'));
    // The leader assigns it through the API while the page is open.
    const moved = await api('lanhdao.bensung', `/api/v1/dossiers/${id}/actions/assign`, 'POST', { assignee: 'tuphap.bensung' });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.row_version, rv + 1);
    await page.selectOption('#transfer-unit', 'VH');
    assert.equal(await act(page, 'transfer'), 409);
    assert.match(await page.locator('#error-summary').textContent(), /Hồ sơ vừa được người khác cập nhật/);
    await expectAccessible(page, 'stale form (409)');
    const now = (await api('tuphap.bensung', '/api/v1/dossiers/' + id)).body;
    assert.equal(now.row_version, rv + 1);
    assert.equal(now.unit, 'TP');
    assert.equal(now.history.filter((h) => h.action === 'transfer').length, 1);
    // The re-rendered page carries the new version: sending again works.
    assert.equal(Number(await page.locator('#summary').getAttribute('data-row-version')), rv + 1);
    await page.selectOption('#transfer-unit', 'VH');
    assert.equal(await act(page, 'transfer'), 303);
    assert.equal((await api('tuphap.bensung', '/api/v1/dossiers/' + id)).body.unit, 'VH');
    assert.deepEqual(unexpected(errors, 409), []);
  });
});

test('a supplement request pauses the clock (the page says so); accepting the supplement resumes it', async () => {
  let id;
  await asUser('ws-supplement-desk', 'motcua.bensung', async (page) => {
    id = await intake(page);
    await page.selectOption('#transfer-unit', 'TP');
    await page.selectOption('#transfer-assignee', 'tuphap.bensung');
    assert.equal(await act(page, 'transfer'), 303);
  });
  await asUser('ws-supplement', 'tuphap.bensung', async (page, errors) => {
    await page.goto(server.url + '/can-bo/ho-so/' + id);
    assert.equal(await page.locator('#clock-paused').count(), 0);
    const due = (await api('tuphap.bensung', '/api/v1/dossiers/' + id)).body.due_at;
    const deadline = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
    await page.fill('#request-supplement-reason', 'Thiếu giấy xác nhận khuyết tật cũ.');
    await page.fill('#request-supplement-items', 'Giấy xác nhận khuyết tật đã cấp\nẢnh 4x6');
    await page.fill('#request-supplement-deadline', deadline);
    assert.equal(await act(page, 'request-supplement'), 303);
    assert.equal(await statusLabel(page), 'Yêu cầu bổ sung giấy tờ');
    assert.match(await page.locator('#clock-paused').textContent(), /Tạm dừng tính thời hạn/);
    const req = page.locator('#requests li[data-kind="supplement"]');
    assert.equal(await req.getAttribute('data-open'), 'true');
    assert.deepEqual(await req.locator('ul li').allTextContents(), ['Giấy xác nhận khuyết tật đã cấp', 'Ảnh 4x6']);
    assert.equal(await page.locator('#slips a[data-form="02"]').count(), 1);
    await expectAccessible(page, 'dossier with the clock paused and an open supplement request');
    let d = (await api('tuphap.bensung', '/api/v1/dossiers/' + id)).body;
    assert.equal(d.clock_paused, true);
    assert.equal(await act(page, 'accept-supplement'), 303);
    assert.equal(await statusLabel(page), 'Đang xử lý');
    assert.equal(await page.locator('#clock-paused').count(), 0);
    assert.equal(await page.locator('#requests li[data-kind="supplement"]').getAttribute('data-open'), 'false');
    d = (await api('tuphap.bensung', '/api/v1/dossiers/' + id)).body;
    assert.equal(d.clock_paused, false);
    assert.equal(d.supplement_count, 1);
    assert.ok(d.due_at >= due, 'the appointment never moves earlier');
    assert.deepEqual(unexpected(errors), []);
  });
});

test('a desk officer of another agency cannot open the dossier (404) nor see it in the inbox', async () => {
  const created = await api('quantri', '/api/v1/admin/users', 'POST', {
    username: 'motcua.linhtoai', full_name: 'Đinh Thị Mai', password: 'MotCua#2026',
    grants: [{ role: 'desk', agency: '000.07.12.H56', unit: 'MC' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  let id, code;
  await asUser('ws-owner', 'motcua.bensung', async (page) => {
    id = await intake(page);
    code = (await page.locator('#dossier-code').textContent()).trim();
    // The inbox search finds it by a partial code typed in lower case, and by the applicant's CCCD.
    for (const q of [code.slice(0, -2).toLowerCase(), '001090000001']) {
      await page.goto(server.url + '/can-bo?tab=tat-ca&q=' + encodeURIComponent(q));
      assert.equal(await page.locator(`#inbox tr[data-id="${id}"]`).count(), 1, `found by "${q}"`);
    }
    // The applicant's name typed into the search box without diacritics finds it too (issue 15).
    await page.goto(server.url + '/can-bo?tab=tat-ca');
    await page.fill('#q', 'nguyen van an');
    await Promise.all([page.waitForURL(/[?&]q=nguyen\+van\+an/), page.click('form[role="search"] button[type="submit"]')]);
    assert.equal(await page.locator(`#inbox tr[data-id="${id}"]`).count(), 1, 'found by "nguyen van an"');
    assert.equal(await page.inputValue('#q'), 'nguyen van an');
  });
  await withPage(browser, 'ws-other-agency', async (page, errors) => {
    await signIn(page, server.url, 'motcua.linhtoai', 'MotCua#2026');
    const res = await page.goto(server.url + '/can-bo/ho-so/' + id);
    assert.equal(res.status(), 404);
    assert.match(await page.locator('main').textContent(), /Không tìm thấy hồ sơ/);
    await expectAccessible(page, 'dossier not found (404)');
    assert.equal((await page.goto(server.url + '/can-bo/ho-so/' + code)).status(), 404);
    for (const q of [code, 'nguyen van an', '001090000001']) {
      await page.goto(server.url + '/can-bo?tab=tat-ca&q=' + encodeURIComponent(q));
      assert.equal(await page.locator('#inbox').count(), 0, `nothing of Bến Sung for "${q}"`);
      assert.equal(await page.locator('.result-count').getAttribute('data-total'), '0');
    }
    assert.deepEqual(unexpected(errors, 404), []);
  });
});

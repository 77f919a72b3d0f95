// Accessibility: every page the users of motcua reach passes axe-core's WCAG 2.1 A/AA rules at phone
// (390×844) and desktop (1280×800) widths — public pages, forms with their errors shown, the citizen's
// account, submission, receipt and dossier pages, the officers' inboxes, dossier page with its action
// forms, intake, ledger and the handling report, and the administration and audit pages. The pages that
// exist only in the middle of a flow are also checked in the other browser tests (expectAccessible from
// harness.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { fillMarriageForm, pdfFile } from './dossier_helpers.mjs';

let server, browser;
const tokens = {};
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const u of ['motcua.bensung', 'quantri']) tokens[u] = await apiToken(server.url, u);
  // Version 2 of 1.001193, so that version 1 is an old version with its own page.
  for (const action of ['amend', 'publish']) {
    const r = await api('quantri', `/api/v1/procedures/1.001193/actions/${action}`, { note: 'Kiểm thử truy cập' });
    assert.equal(r.status, 200, action);
  }
});
after(async () => { await browser?.close(); await server?.stop(); });

const CITIZEN = '001090000001';
const PROC = '1.000894';  // Đăng ký kết hôn
let dossierId = '';       // submitted by the citizen (status 1: the desk sees accept / refuse forms)
let acceptedId = '';      // accepted by the desk (the specialist and leader see their forms)

async function api(user, path, body) {
  const res = await fetch(server.url + path, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: 'Bearer ' + tokens[user], ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

// Visits each [label, path, expected status (200)] and checks it.
async function visitAll(page, pages) {
  for (const [label, path, status = 200] of pages) {
    const res = await page.goto(server.url + path);
    assert.equal(res.status(), status, `${label}: ${path}`);
    assert.equal(new URL(page.url()).pathname, path.split('?')[0], `${label}: not redirected`);
    await expectAccessible(page, label);
  }
}

async function as(username, name, fn) {
  await withPage(browser, name, async (page) => {
    if (username) await signIn(page, server.url, username);
    await fn(page);
  });
}

test('public pages and their forms with errors', async () => {
  await as(null, 'a11y-public', async (page) => {
    await visitAll(page, [
      ['home', '/'],
      ['catalog', '/thu-tuc'],
      ['catalog search', '/thu-tuc?q=ket+hon&field=HT'],
      ['catalog, nothing found', '/thu-tuc?q=khong+co+thu+tuc+nay'],
      ['procedure', '/thu-tuc/1.001193'],
      ['procedure, old version', '/thu-tuc/1.001193/phien-ban/1'],
      ['printable form', '/thu-tuc/1.001193/mau-to-khai'],
      ['announcements', '/thong-bao'],
      ['lookup', '/tra-cuu'],
      ['lookup, unknown code', '/tra-cuu?ma=000.01.25.H56-260101-9999', 404],
      ['sign-in', '/dang-nhap'],
      ['registration', '/dang-ky'],
      ['registration, organisation', '/dang-ky?loai=to-chuc'],
      ['forgot password', '/quen-mat-khau'],
      ['reset password', '/dat-lai-mat-khau?u=001090000001'],
      ['verification', '/xac-thuc?u=001090000001'],
      ['activation', '/kich-hoat?u=001090000001'],
      ['not found', '/khong-co-trang-nay', 404],
    ]);
    // The e-form checked anonymously, with its errors.
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    await expectAccessible(page, 'e-form (anonymous)');
    await page.getByRole('button', { name: 'Kiểm tra tờ khai' }).click();
    await page.waitForLoadState();
    assert.ok(await page.locator('.err').count() > 0);
    await expectAccessible(page, 'e-form with errors');
    // Sign-in and registration with errors.
    await page.goto(server.url + '/dang-nhap');
    await page.fill('#username', CITIZEN);
    await page.fill('#password', 'sai-mat-khau');
    await page.locator('main button[type=submit]').click();
    await page.waitForLoadState();
    await expectAccessible(page, 'sign-in with an error');
    await page.goto(server.url + '/dang-ky');
    await page.fill('#id_number', '003090000001');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.waitForLoadState();
    assert.ok(await page.locator('.err').count() > 0);
    // The message is tied to its field (read out with it), not only shown next to it.
    assert.equal(await page.getAttribute('#id_number', 'aria-invalid'), 'true');
    assert.match(await page.locator('#' + await page.getAttribute('#id_number', 'aria-describedby')).textContent(), /\(003\)/);
    await expectAccessible(page, 'registration with errors');
    await page.goto(server.url + '/dat-lai-mat-khau?u=' + CITIZEN);
    await page.fill('#code', '000000');
    await page.fill('#password', 'MatKhau#2026');
    await page.fill('#password2', 'MatKhau#2026');
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.notice-bad').count(), 1);
    await expectAccessible(page, 'password reset with a wrong code');
  });
});

test('citizen: account, submission with errors, receipt, my dossiers, a dossier', async () => {
  await as(CITIZEN, 'a11y-citizen', async (page) => {
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    await expectAccessible(page, 'online submission');
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.waitForLoadState();
    assert.ok(await page.locator('.err').count() > 0);
    await expectAccessible(page, 'online submission with errors');
    await fillMarriageForm(page);
    await page.selectOption('#agency', '000.01.25.H56');
    await page.check('#delivery_post');  // kết hôn is một phần: no online delivery
    await page.setInputFiles('#comp_KH-04_file', pdfFile('cccd.pdf', 'CCCD'));
    await Promise.all([page.waitForURL(/\/ho-so-cua-toi\/[^/]+\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    dossierId = page.url().split('/').slice(-2)[0];
    await expectAccessible(page, 'receipt');
    await visitAll(page, [
      ['my dossiers', '/ho-so-cua-toi'],
      ['my dossier', `/ho-so-cua-toi/${dossierId}`],
      ['account with dossiers and sessions', '/tai-khoan'],
    ]);
    await page.fill('#old_password', 'demo1234');
    await page.fill('#password', 'MatKhauMoi#2026');
    await page.fill('#password2', 'KhongKhop#2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.notice-bad').count(), 1);
    await expectAccessible(page, 'account, password change refused');
  });
  // A second dossier, accepted by the desk through the API, for the officers' pages.
  await as(CITIZEN, 'a11y-citizen-2', async (page) => {
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    await fillMarriageForm(page);
    await page.selectOption('#agency', '000.01.25.H56');
    await page.check('#delivery_desk');
    await page.setInputFiles('#comp_KH-04_file', pdfFile('cccd.pdf', 'CCCD'));
    await Promise.all([page.waitForURL(/\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    acceptedId = page.url().split('/').slice(-2)[0];
  });
  assert.equal((await api('motcua.bensung', `/api/v1/dossiers/${acceptedId}/actions/accept`, {})).status, 200);
  await as(CITIZEN, 'a11y-citizen-3', async (page) => {
    await page.goto(server.url + `/ho-so-cua-toi/${acceptedId}`);
    await expectAccessible(page, 'my accepted dossier');
    const code = (await api('motcua.bensung', `/api/v1/dossiers/${acceptedId}`)).body.code;
    await page.goto(server.url + '/tra-cuu?ma=' + encodeURIComponent(code));
    await expectAccessible(page, 'lookup with a result');
  });
});

test('desk officer: inboxes, a dossier with its action forms, intake, ledger, account creation', async () => {
  assert.ok(dossierId && acceptedId);
  await as('motcua.bensung', 'a11y-desk', async (page) => {
    await visitAll(page, [
      ['inbox', '/can-bo'],
      ['inbox, all', '/can-bo?tab=tat-ca'],
      ['inbox, overdue', '/can-bo?tab=qua-han'],
      ['dossier at the desk', `/can-bo/ho-so/${dossierId}`],
      ['accepted dossier at the desk', `/can-bo/ho-so/${acceptedId}`],
      ['intake', '/can-bo/tiep-nhan'],
      ['intake, procedure chosen', '/can-bo/tiep-nhan?thu_tuc=1.001653&cccd=001090000001'],
      ['ledger', '/can-bo/so-theo-doi'],
      ['handling report', '/bao-cao'],
      ['handling report by unit', '/bao-cao?group=unit'],
      ['handling report with an error', '/bao-cao?from=2026-13-01', 422],
      ['walk-in account', '/mot-cua/tao-tai-khoan'],
      ['account (staff)', '/tai-khoan'],
    ]);
    // Intake without the applicant's name: the form comes back with its errors.
    await page.goto(server.url + '/can-bo/tiep-nhan?thu_tuc=1.001653&cccd=001090000001');
    await page.fill('#name', '');
    await page.click('#intake-save');
    await page.waitForLoadState();
    assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
    await expectAccessible(page, 'intake with errors');
  });
});

test('specialist and leader: inbox and the dossier page', async () => {
  for (const u of ['tuphap.bensung', 'lanhdao.bensung']) {
    await as(u, 'a11y-' + u, async (page) => {
      await visitAll(page, [[`inbox (${u})`, '/can-bo'], [`dossier (${u})`, `/can-bo/ho-so/${acceptedId}`]]);
    });
  }
});

test('administration, audit log and OTP enrollment', async () => {
  await as('quantri', 'a11y-admin', async (page) => {
    await visitAll(page, [
      ['catalog admin', '/quan-tri/thu-tuc'],
      ['catalog admin, a procedure', '/quan-tri/thu-tuc/1.001193'],
      ['catalog admin, new procedure', '/quan-tri/thu-tuc/moi'],
      ['users', '/quan-tri/nguoi-dung'],
      ['users, search', '/quan-tri/nguoi-dung?q=bensung'],
      ['new staff', '/quan-tri/nguoi-dung/moi'],
      ['audit log', '/giam-sat/nhat-ky'],
      ['national portal sync', '/giam-sat/dong-bo'],
      ['national portal sync with an error', '/giam-sat/dong-bo?from=2026-13-01', 422],
      ['webhooks', '/quan-tri/webhook'],
      ['scheduled jobs', '/quan-tri/tac-vu'],
      ['OTP enrollment', '/tai-khoan/otp'],
    ]);
    // Webhooks: a wrong address is refused with the reason at the field, a good one shows its secret once.
    await page.goto(server.url + '/quan-tri/webhook');
    await page.fill('#wh_url', 'ftp://buudien.example.vn/hook');
    await page.check('#ev_accept');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('#wh_url_err').count(), 1);
    assert.ok(await page.locator('#ev_accept').isChecked(), 'the choices are kept');
    await expectAccessible(page, 'webhooks with an error');
    await page.fill('#wh_url', 'https://buudien.example.vn/hook');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#secret').textContent(), /^whsec_[0-9a-f]{48}$/);
    assert.equal(await page.locator('#webhooks tbody tr').count(), 1);
    await expectAccessible(page, 'webhooks with a new subscription');
    await page.goto(server.url + '/quan-tri/webhook');
    assert.equal(await page.locator('#secret').count(), 0, 'the secret is shown once');
    // Scheduled jobs: run the supplement sweep again now.
    await page.goto(server.url + '/quan-tri/tac-vu');
    assert.equal(await page.locator('#jobs tr[data-kind="supplement_deadline"]').count(), 1);
    await Promise.all([page.waitForURL(/\/quan-tri\/tac-vu\?ok=retry$/),
      page.locator('#jobs tr[data-kind="supplement_deadline"] button').click()]);
    assert.match(await page.locator('#flash').textContent(), /chạy lại ngay/);
    await expectAccessible(page, 'scheduled jobs after a retry');
    // The same POST without the CSRF token (a forged cross-site form) is refused.
    const retryUrl = await page.locator('#jobs tr[data-kind="supplement_deadline"] form').getAttribute('action');
    const forged = await page.request.post(server.url + retryUrl, { form: { x: '1' }, maxRedirects: 0 });
    assert.equal(forged.status(), 403, 'a retry without the CSRF token is refused');
    await page.goto(server.url + '/tai-khoan/otp');
    await page.fill('#code', '000000');
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.notice-bad').count(), 1);
    await expectAccessible(page, 'OTP enrollment with a wrong code');
    await page.goto(server.url + '/quan-tri/nguoi-dung?q=motcua.bensung');
    await Promise.all([page.waitForURL(/\/quan-tri\/nguoi-dung\/[^/?]+$/), page.locator('#users a.proc-name').first().click()]);
    await expectAccessible(page, 'staff member');
    // A draft amendment and its editor.
    await page.goto(server.url + '/quan-tri/thu-tuc/1.000894');
    await page.fill('#amend-note', 'Kiểm thử truy cập');
    await page.getByRole('button', { name: 'Tạo bản sửa đổi' }).click();
    await page.waitForURL(/ok=amend$/);
    await expectAccessible(page, 'catalog admin, draft amendment');
    await page.getByRole('link', { name: 'Sửa bản nháp' }).first().click();
    await page.waitForURL(/\/sua$/);
    await expectAccessible(page, 'procedure editor');
    await page.fill('#p_name', '');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.waitForLoadState();
    await expectAccessible(page, 'procedure editor with errors');
  });
  await as('giamsat.thanhhoa', 'a11y-supervisor', async (page) => {
    await visitAll(page, [['audit log (supervisor)', '/giam-sat/nhat-ky?action=login'], ['inbox (supervisor)', '/can-bo'],
      ['national portal sync (supervisor)', '/giam-sat/dong-bo?agency=000.01.25.H56']]);
  });
});

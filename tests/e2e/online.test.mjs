// Online submission and "Hồ sơ của tôi" on a phone, through the plain HTML pages: a citizen submits
// Đăng ký kết hôn (1.000894) with a real PDF, finds it in "Hồ sơ của tôi"; errors keep the values and
// the uploaded file and store nothing; a draft is saved, reopened and submitted; the desk accepts and a
// specialist asks for a supplement (JSON API), the citizen sees the request and the slips, downloads
// Mẫu 01 (checked with pdftotext), supplies a file; another citizen gets 404, a POST without the CSRF
// token is refused; the citizen withdraws a dossier. The tests share one server and run in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible, messagesTo } from './harness.mjs';
import { tinyPdf, fillMarriageForm, unexpected } from './dossier_helpers.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const CITIZEN = '001090000001';
const BEN_SUNG = '000.01.25.H56';
const PROC = '1.000894';  // Đăng ký kết hôn: một phần (both sign the register in person), KH-04 (giấy tờ tùy thân) mandatory, no delivery field in the e-form

async function api(method, path, token, body) {
  const res = await fetch(server.url + path, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

async function myDossierCount(token) {
  const r = await api('GET', '/api/v1/dossiers?per_page=100', token);
  assert.equal(r.status, 200);
  return r.body.total;
}

let submittedId = '';   // test (a): goes through acceptance and the supplement in (c)
let secondId = '';      // test (b): withdrawn in (e)
let code = '';

test('(a) a citizen submits online with a PDF, gets the receipt and finds the dossier in "Hồ sơ của tôi"', async () => {
  await withPage(browser, 'online-submit', async (page, errors) => {
    const token = await apiToken(server.url, CITIZEN);
    const before = await myDossierCount(token);
    // Anonymous visitors are asked to sign in (and can only check the e-form).
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    assert.ok(await page.locator('#login-prompt').isVisible());
    await expectAccessible(page, 'e-form with the sign-in prompt');
    assert.equal(await page.locator('input[type=file]').count(), 0);

    await signIn(page, server.url, CITIZEN);
    assert.equal(await page.locator('nav.mainnav').getByRole('link', { name: 'Hồ sơ của tôi' }).count(), 1);
    await page.goto(server.url + `/thu-tuc/${PROC}`);
    await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).first().click();
    await page.waitForURL(new RegExp(`/thu-tuc/${PROC}/nop-truc-tuyen$`));
    assert.equal(await page.locator('h1').textContent(), 'Nộp hồ sơ trực tuyến');
    // KH-04 is mandatory, KH-02 optional; the declaration (KH-01) is covered by the e-form.
    assert.equal(await page.locator('#comp_KH-04 .req').count(), 1);
    assert.equal(await page.locator('#comp_KH-02 .req').count(), 0);
    assert.equal(await page.locator('#comp_KH-01').count(), 0);
    // Online delivery is not offered: the procedure is "một phần" (ND 42/2022), the result is signed in person.
    assert.equal(await page.locator('#delivery_online').count(), 0);
    assert.match(await page.locator('#comp_KH-04 .hint').textContent(), /Loại giấy tờ: bản chính/);
    assert.equal(await page.locator('#draft-notice').count(), 0);
    assert.equal(await page.locator('input[name=_draft]').count(), 0);

    await fillMarriageForm(page);
    await page.selectOption('#agency', BEN_SUNG);
    await page.check('#delivery_post');
    await page.setInputFiles('#comp_KH-04_file', { name: 'cccd-hai-ben.pdf', mimeType: 'application/pdf', buffer: tinyPdf('CCCD hai ben') });
    await Promise.all([page.waitForURL(/\/ho-so-cua-toi\/[^/]+\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    submittedId = page.url().split('/').slice(-2)[0];
    assert.match(await page.locator('.notice-good').textContent(), /Đã nộp hồ sơ thành công/);
    assert.match(await page.locator('#procedure').textContent(), /Đăng ký kết hôn/);
    assert.match(await page.locator('#agency').textContent(), /Ủy ban nhân dân thị trấn Bến Sung/);
    assert.match(await page.locator('#submitted').textContent(), /^\d\d:\d\d \d\d\/\d\d\/20\d\d$/);
    // The dossier has its code at submission (as on the national portal), shown on the receipt page.
    const reference = await page.locator('#reference').textContent();
    assert.match(reference, /^000\.01\.25\.H56-\d{6}-\d{4}$/);
    assert.match(await page.locator('#receipt').textContent(), /cccd-hai-ben\.pdf/);
    assert.match(await page.locator('#receipt').textContent(), /Bước tiếp theo/);

    // The service stored what the page sent.
    const d = (await api('GET', `/api/v1/dossiers/${submittedId}`, token)).body;
    assert.equal(d.status, 1);
    assert.equal(d.channel, 2);
    assert.equal(d.delivery, 'post');
    assert.equal(d.agency, BEN_SUNG);
    assert.equal(d.form.ben_nu_ho_ten, 'Lê Thị Hoa');
    assert.equal(d.code, reference);
    assert.deepEqual(d.documents.map((x) => [x.component_code, x.name, x.content_type]), [['KH-04', 'cccd-hai-ben.pdf', 'application/pdf']]);
    assert.equal(await myDossierCount(token), before + 1);

    // "Hồ sơ của tôi": the new dossier with its code and its status badge.
    await page.getByRole('link', { name: 'Hồ sơ của tôi' }).first().click();
    await page.waitForURL(/\/ho-so-cua-toi$/);
    const item = page.locator(`li.dossier-item[data-id="${submittedId}"]`);
    assert.equal(await item.locator('.dossier-code').textContent(), reference);
    assert.match(await item.textContent(), /Mới đăng ký/);
    assert.match(await item.textContent(), /Đăng ký kết hôn/);
    assert.match(await item.locator('.proc-sub').textContent(), /Ngày nộp \d\d\/\d\d\/20\d\d/);
    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${submittedId}$`));
    assert.equal(await page.locator('#status').textContent(), 'Mới đăng ký');
    assert.match(await page.locator('#timeline').textContent(), /Nộp hồ sơ/);
    // The attachment downloads through the dossier's document link (same bytes).
    const href = await page.locator('#documents a').first().getAttribute('href');
    const res = await page.request.get(server.url + href);
    assert.equal(res.status(), 200);
    assert.ok((await res.body()).equals(tinyPdf('CCCD hai ben')));
    assert.deepEqual(unexpected(errors), []);
  });
});

test('(b) a missing mandatory file and an invalid form give Vietnamese errors, keep the values and the upload, and store nothing', async () => {
  await withPage(browser, 'online-errors', async (page, errors) => {
    const token = await apiToken(server.url, CITIZEN);
    const before = await myDossierCount(token);
    await signIn(page, server.url, CITIZEN);
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    await fillMarriageForm(page, { ben_nu_so_dinh_danh: '12345' });
    await page.selectOption('#agency', BEN_SUNG);
    let res = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    assert.equal(res[0].status(), 422);
    await page.waitForLoadState();
    assert.match(await page.locator('#error-summary').textContent(), /Hồ sơ chưa được nộp: còn 2 chỗ cần sửa/);
    assert.match(await page.locator('#f_ben_nu_so_dinh_danh_err').textContent(), /12 chữ số/);
    assert.match(await page.locator('#comp_KH-04 .err').textContent(), /Thành phần bắt buộc: vui lòng đính kèm tệp/);
    await expectAccessible(page, 'submission with a form error and a missing file');
    assert.equal(await page.inputValue('#f_ben_nu_ho_ten'), 'Lê Thị Hoa');
    assert.equal(await page.inputValue('#f_ben_nam_noi_cu_tru'), 'Khu phố 3, thị trấn Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa');
    assert.equal(await page.inputValue('#agency'), BEN_SUNG);
    assert.ok(await page.isChecked('#f_cam_doan'));
    assert.equal(await myDossierCount(token), before);

    // A file that only pretends to be a PDF is refused by its content, next to its component.
    await page.setInputFiles('#comp_KH-04_file', { name: 'gia-mao.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>không phải PDF</html>') });
    res = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    assert.equal(res[0].status(), 422);
    await page.waitForLoadState();
    assert.match(await page.locator('#comp_KH-04 .err').textContent(), /Tệp không đúng định dạng cho phép.*gia-mao\.pdf/);

    // A real PDF with the form still wrong: the file is kept (shown as uploaded), nothing is stored.
    await page.setInputFiles('#comp_KH-04_file', { name: 'giay-to.pdf', mimeType: 'application/pdf', buffer: tinyPdf('Giay to') });
    res = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    assert.equal(res[0].status(), 422);
    await page.waitForLoadState();
    assert.match(await page.locator('#comp_KH-04 .uploaded').textContent(), /Đã tải lên: giay-to\.pdf/);
    await expectAccessible(page, 'submission with a kept upload');
    assert.equal(await page.locator('#comp_KH-04 .err').count(), 0);
    assert.match(await page.locator('#error-summary').textContent(), /còn 1 chỗ cần sửa/);
    assert.equal(await myDossierCount(token), before);

    // Fixing the form submits with the file uploaded in the earlier attempt.
    await page.fill('#f_ben_nu_so_dinh_danh', '038195001122');
    await Promise.all([page.waitForURL(/\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    secondId = page.url().split('/').slice(-2)[0];
    const d = (await api('GET', `/api/v1/dossiers/${secondId}`, token)).body;
    assert.deepEqual(d.documents.map((x) => [x.component_code, x.name]), [['KH-04', 'giay-to.pdf']]);
    assert.equal(d.delivery, 'desk');
    assert.equal(await myDossierCount(token), before + 1);
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

test('a draft is saved without files, reopened from "Hồ sơ của tôi" and submitted later', async () => {
  await withPage(browser, 'online-draft', async (page, errors) => {
    const token = await apiToken(server.url, CITIZEN);
    const before = await myDossierCount(token);
    await signIn(page, server.url, CITIZEN);
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    await fillMarriageForm(page, { ben_nu_ho_ten: 'Phạm Thị Nháp' });
    await page.selectOption('#agency', BEN_SUNG);
    await page.check('#delivery_post');
    await Promise.all([page.waitForURL(/\?ok=draft$/), page.getByRole('button', { name: 'Lưu nháp' }).click()]);
    const draftId = new URL(page.url()).pathname.split('/').pop();
    assert.match(await page.locator('#notice').textContent(), /Đã lưu bản nháp/);
    assert.equal(await page.locator('#status').textContent(), 'Bản nháp');
    await expectAccessible(page, 'a saved draft');
    assert.equal((await api('GET', `/api/v1/dossiers/${draftId}`, token)).body.status, 0);

    await page.goto(server.url + '/ho-so-cua-toi?trang_thai=0');
    const item = page.locator(`li.dossier-item[data-id="${draftId}"]`);
    assert.match(await item.textContent(), /Bản nháp – chưa nộp/);
    await item.getByRole('link').click();
    await page.getByRole('link', { name: 'Tiếp tục hoàn thiện và nộp' }).click();
    await page.waitForURL(new RegExp(`nop-truc-tuyen\\?nhap=${draftId}$`));
    assert.ok(await page.locator('#draft-notice').isVisible());
    await expectAccessible(page, 'a draft reopened in the submission form');
    assert.equal(await page.inputValue('#f_ben_nu_ho_ten'), 'Phạm Thị Nháp');
    assert.equal(await page.inputValue('#agency'), BEN_SUNG);
    assert.ok(await page.isChecked('#delivery_post'));
    await page.setInputFiles('#comp_KH-04_file', { name: 'cccd.pdf', mimeType: 'application/pdf', buffer: tinyPdf('CCCD') });
    await Promise.all([page.waitForURL(/\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    const newId = page.url().split('/').slice(-2)[0];
    const d = (await api('GET', `/api/v1/dossiers/${newId}`, token)).body;
    assert.equal(d.status, 1);
    assert.equal(d.form.ben_nu_ho_ten, 'Phạm Thị Nháp');
    assert.equal(d.delivery, 'post');
    // The draft was replaced by the submitted dossier (drafts cannot be updated in place).
    assert.equal((await api('GET', `/api/v1/dossiers/${draftId}`, token)).status, 404);
    assert.equal(await myDossierCount(token), before + 1);
    // Withdraw it at once so that later counts stay simple.
    await page.goto(server.url + `/ho-so-cua-toi/${newId}`);
    await page.check('#withdraw_confirm');
    await Promise.all([page.waitForURL(/ok=withdrawn$/), page.getByRole('button', { name: 'Rút hồ sơ' }).click()]);
    assert.deepEqual(unexpected(errors), []);
  });
});

test('(c) after acceptance and a supplement request the citizen sees them, downloads Mẫu 01 and supplies a file', async () => {
  assert.ok(submittedId, 'test (a) ran');
  const desk = await apiToken(server.url, 'motcua.bensung');
  const specialist = await apiToken(server.url, 'tuphap.bensung');
  let r = await api('POST', `/api/v1/dossiers/${submittedId}/actions/accept`, desk, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  code = r.body.code;
  assert.match(code, /^000\.01\.25\.H56-\d{6}-\d{4}$/);
  assert.equal(code, (await api('GET', `/api/v1/dossiers/${submittedId}`, desk)).body.code, 'acceptance keeps the code given at submission');
  r = await api('POST', `/api/v1/dossiers/${submittedId}/actions/transfer`, desk, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const deadline = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  r = await api('POST', `/api/v1/dossiers/${submittedId}/actions/request-supplement`, specialist, {
    reason: 'Thiếu giấy xác nhận tình trạng hôn nhân của bên nữ', items: ['Giấy xác nhận tình trạng hôn nhân (bản chính)'], deadline,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 5);

  await withPage(browser, 'online-supplement', async (page, errors) => {
    await signIn(page, server.url, CITIZEN);
    await page.goto(server.url + '/ho-so-cua-toi');
    const item = page.locator(`li.dossier-item[data-id="${submittedId}"]`);
    assert.equal(await item.locator('.dossier-code').textContent(), code);
    assert.match(await item.textContent(), /Yêu cầu bổ sung giấy tờ/);
    assert.match(await item.textContent(), /Cần bạn thực hiện/);
    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${submittedId}$`));
    assert.equal(await page.locator('#code').textContent(), code);
    assert.equal(await page.locator('#status').textContent(), 'Yêu cầu bổ sung giấy tờ');
    assert.ok(await page.locator('#paused').isVisible());
    assert.match(await page.locator('#appointment').textContent(), /\d\d:\d\d \d\d\/\d\d\/20\d\d/);
    const req = page.locator('#requests article[data-kind="supplement"]');
    assert.match(await req.locator('h3').textContent(), /Yêu cầu bổ sung hồ sơ/);
    assert.equal(await req.locator('.tag').textContent(), 'Đang chờ bạn');
    assert.match(await req.textContent(), /Thiếu giấy xác nhận tình trạng hôn nhân của bên nữ/);
    assert.match(await req.locator('.items').textContent(), /Giấy xác nhận tình trạng hôn nhân \(bản chính\)/);
    const [y, m, dd] = deadline.split('-');
    assert.match(await req.textContent(), new RegExp(`Hạn thực hiện: ${dd}/${m}/${y}`));
    // The slips addressed to me: Mẫu 01 (accepted) and Mẫu 02 (supplement request), not 03/04.
    assert.deepEqual(await page.locator('#slips a').evaluateAll((a) => a.map((x) => x.dataset.form)), ['01', '02']);
    assert.equal(await page.locator('#timeline li').count(), 3);  // submit, accept, request-supplement (the transfer is internal)
    assert.doesNotMatch(await page.locator('#timeline').textContent(), /motcua\.bensung|tuphap\.bensung/);

    // Mẫu 01 through the page link, with the browser's session.
    const href = await page.locator('#slips a[data-form="01"]').getAttribute('href');
    const pdf = await page.request.get(server.url + href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const file = join(server.dir, 'mau01.pdf');
    writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(code), 'Mẫu 01 carries the dossier code');
    assert.match(text, /GIẤY TIẾP NHẬN HỒ SƠ/);
    assert.match(text, /Đăng ký kết hôn/);
    const pdf02 = await page.request.get(server.url + (await page.locator('#slips a[data-form="02"]').getAttribute('href')));
    writeFileSync(join(server.dir, 'mau02.pdf'), await pdf02.body());
    assert.match(execFileSync('pdftotext', [join(server.dir, 'mau02.pdf'), '-'], { encoding: 'utf8' }), /tình trạng hôn nhân/);

    // Supply: nothing chosen is refused; then a file for KH-02 and a note.
    let res = await Promise.all([page.waitForResponse((x) => x.request().method() === 'POST'), page.getByRole('button', { name: 'Gửi bổ sung' }).click()]);
    assert.equal(res[0].status(), 422);
    await page.waitForLoadState();
    assert.match(await page.locator('#supply-error').textContent(), /ít nhất một tệp/);
    await expectAccessible(page, 'supply form with its error');
    await page.setInputFiles('#sup_KH-02_file', { name: 'xac-nhan-hon-nhan.pdf', mimeType: 'application/pdf', buffer: tinyPdf('Xac nhan') });
    await page.fill('#supply_note', 'Xin gửi bổ sung giấy xác nhận tình trạng hôn nhân.');
    await Promise.all([page.waitForURL(/\?ok=supplied$/), page.getByRole('button', { name: 'Gửi bổ sung' }).click()]);
    assert.match(await page.locator('#notice').textContent(), /Đã gửi hồ sơ bổ sung/);
    const last = page.locator('#timeline li').last();
    assert.match(await last.textContent(), /Nộp bổ sung giấy tờ/);
    assert.match(await last.textContent(), /Xin gửi bổ sung giấy xác nhận tình trạng hôn nhân/);
    assert.match(await last.textContent(), /Bạn/);
    assert.match(await page.locator('#documents').textContent(), /xac-nhan-hon-nhan\.pdf.*Bổ sung/);
    assert.equal(await page.locator('#supply').count(), 0, 'no second supply while the desk checks');
    assert.ok(await page.locator('#supplied').isVisible());
    // The request no longer waits for me: the desk checks what I sent.
    assert.equal(await page.locator('#requests article[data-kind="supplement"] .tag').textContent(), 'Đã gửi bổ sung, chờ kiểm tra');
    assert.equal(await page.getByText('Đang chờ bạn').count(), 0);
    // Slips open in a new tab (to print or save), never replacing this page.
    assert.equal(await page.locator('#slips a[data-form="01"]').getAttribute('target'), '_blank');
    await expectAccessible(page, 'my dossier after supplying');
    assert.deepEqual(unexpected(errors, 422), []);
  });
  const d = (await api('GET', `/api/v1/dossiers/${submittedId}`, desk)).body;
  assert.equal(d.substate, 'supplement_received');
  assert.ok(d.documents.some((x) => x.component_code === 'KH-02' && x.source === 'supplement'));
});

async function lastCode(to) {
  return (await messagesTo(server, to)).pop().body.match(/\b(\d{6})\b/)[1];
}

test('(d) another citizen gets 404 for my dossier; POSTs without the CSRF token are refused and change nothing', async () => {
  assert.ok(submittedId && secondId);
  const reg = await fetch(server.url + '/api/v1/auth/register', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id_number: '038305012345', full_name: 'Trần Thị Bình', date_of_birth: '2005-03-04', phone: '0987654321', password: 'Binh#2026an' }),
  });
  assert.equal(reg.status, 201, await reg.text());
  const ver = await fetch(server.url + '/api/v1/auth/verify', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: '038305012345', code: await lastCode('0987654321') }),
  });
  assert.equal(ver.status, 200);
  const token = await apiToken(server.url, CITIZEN);
  const statusOf = async (id) => (await api('GET', `/api/v1/dossiers/${id}`, token)).body.status;
  assert.equal(await statusOf(secondId), 1);

  await withPage(browser, 'online-other', async (page, errors) => {
    await signIn(page, server.url, '038305012345', 'Binh#2026an');
    for (const path of [`/ho-so-cua-toi/${submittedId}`, `/ho-so-cua-toi/${submittedId}/da-nop`, `/ho-so-cua-toi/${code}`]) {
      const res = await page.goto(server.url + path);
      assert.equal(res.status(), 404, path);
      assert.match(await page.locator('main').textContent(), /Không tìm thấy/);
      assert.doesNotMatch(await page.locator('main').textContent(), /Đăng ký kết hôn/);
    }
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen?nhap=${secondId}`).then((r) => assert.equal(r.status(), 404));
    // With a valid token of their own session, acting on my dossier is still a 404.
    await page.goto(server.url + '/ho-so-cua-toi');
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const res = await page.request.post(server.url + `/ho-so-cua-toi/${secondId}/rut`, { form: { _csrf: csrf, confirm: '1', reason: 'x' } });
    assert.equal(res.status(), 404);
    assert.deepEqual(unexpected(errors, 404), []);
  });
  await withPage(browser, 'online-csrf', async (page) => {
    await signIn(page, server.url, CITIZEN);
    let res = await page.request.post(server.url + `/ho-so-cua-toi/${secondId}/rut`, { form: { confirm: '1', reason: 'không có mã CSRF' } });
    assert.equal(res.status(), 403);
    res = await page.request.post(server.url + `/ho-so-cua-toi/${secondId}/rut`, { form: { _csrf: 'a'.repeat(64), confirm: '1' } });
    assert.equal(res.status(), 403);
    res = await page.request.post(server.url + `/ho-so-cua-toi/${submittedId}/bo-sung`, { multipart: { note: 'không có mã CSRF' } });
    assert.equal(res.status(), 403);
    const before = await myDossierCount(token);
    res = await page.request.post(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`, { multipart: { _action: 'submit', _agency: BEN_SUNG } });
    assert.equal(res.status(), 403);
    assert.equal(await myDossierCount(token), before);
  });
  assert.equal(await statusOf(secondId), 1);
  const d = (await api('GET', `/api/v1/dossiers/${submittedId}`, token)).body;
  assert.deepEqual(d.history.map((h) => h.action), ['submit', 'accept', 'request-supplement', 'supply']);  // the transfer is internal
});

test('(e) the citizen withdraws a dossier from its page (confirmation required)', async () => {
  assert.ok(secondId);
  await withPage(browser, 'online-withdraw', async (page, errors) => {
    await signIn(page, server.url, CITIZEN);
    await page.goto(server.url + `/ho-so-cua-toi/${secondId}`);
    await page.fill('#withdraw_reason', 'Đã nộp nhầm thủ tục');
    const res = await Promise.all([page.waitForResponse((x) => x.request().method() === 'POST'), page.getByRole('button', { name: 'Rút hồ sơ' }).click()]);
    assert.equal(res[0].status(), 422);
    await page.waitForLoadState();
    assert.match(await page.locator('#withdraw-error').textContent(), /xác nhận/);
    assert.equal(await page.inputValue('#withdraw_reason'), 'Đã nộp nhầm thủ tục');
    await expectAccessible(page, 'withdrawal without the confirmation');
    assert.equal(await page.locator('#status').textContent(), 'Mới đăng ký');
    await page.check('#withdraw_confirm');
    await Promise.all([page.waitForURL(/\?ok=withdrawn$/), page.getByRole('button', { name: 'Rút hồ sơ' }).click()]);
    assert.equal(await page.locator('#status').textContent(), 'Công dân yêu cầu rút hồ sơ');
    const last = page.locator('#timeline li').last();
    assert.match(await last.textContent(), /Yêu cầu rút hồ sơ/);
    assert.match(await last.textContent(), /Đã nộp nhầm thủ tục/);
    assert.equal(await page.locator('#withdraw').count(), 0, 'no second withdrawal');
    await expectAccessible(page, 'withdrawn dossier');
    assert.deepEqual(unexpected(errors, 422), []);
  });
  const token = await apiToken(server.url, CITIZEN);
  assert.equal((await api('GET', `/api/v1/dossiers/${secondId}`, token)).body.status, 7);
});

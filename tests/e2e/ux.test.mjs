// The citizen's and the desk's everyday paths, second pass (issue 15), in a real browser:
//  - a long e-form on a phone: the steps of the submission, questions that appear only after the answer that
//    needs them, dates bounded by today, ethnicity and nationality as lists, an error summary that takes the
//    focus and links to each field, messages that fit the control;
//  - the receipt tells what to bring when collecting the result (originals of the papers attached online);
//  - the procedure page on a phone: a table of contents and real headings, no empty "Mẫu:", no internal key
//    names; the catalog shows the results first and the filters behind "Lọc" on a phone;
//  - the desk's intake: a procedure found by typing part of its name without diacritics, several matches
//    offered as links, every error (the applicant and each missing paper by name) reported at once.
// axe-core WCAG 2.1 AA on every page touched, at the width tested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { tinyPdf, unexpected } from './dossier_helpers.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const CITIZEN = '001090000001';
const BEN_SUNG = '000.01.25.H56';
const PROC = '1.004873';  // Cấp Giấy xác nhận tình trạng hôn nhân: một phần, the marriage questions only for that purpose
const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);  // Asia/Ho_Chi_Minh

test('a long e-form on a phone: steps, conditional questions, bounded dates, lists, the error summary', async () => {
  await withPage(browser, 'ux-eform', async (page, errors) => {
    await signIn(page, server.url, CITIZEN);
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    // The steps of the submission, and each section says which step it is.
    assert.deepEqual(await page.locator('nav.steps li').allTextContents(), ['Tờ khai', 'Nơi nộp hồ sơ', 'Giấy tờ đính kèm', 'Nhận kết quả']);
    assert.match(await page.locator('#buoc-1').textContent(), /Bước 1\/4/);
    assert.match(await page.locator('#buoc-4').textContent(), /Bước 4\/4/);

    // The marriage questions are hidden until "Để đăng ký kết hôn" is chosen, the "other purpose" one until "Mục đích khác".
    const spouse = page.locator('#f_ket_hon_voi_ho_ten');
    const other = page.locator('#f_muc_dich_khac');
    assert.equal(await spouse.isVisible(), false);
    assert.equal(await other.isVisible(), false);
    await page.check('#f_muc_dich_su_dung_ket_hon');
    assert.equal(await spouse.isVisible(), true);
    assert.equal(await other.isVisible(), false);
    await page.check('#f_muc_dich_su_dung_khac');
    assert.equal(await spouse.isVisible(), false);
    assert.equal(await other.isVisible(), true);
    await page.check('#f_muc_dich_su_dung_ket_hon');

    // Dates of birth: the picker stops at today; ethnicity and nationality are lists with Kinh and Việt Nam first.
    assert.equal(await page.getAttribute('#f_nguoi_duoc_xac_nhan_ngay_sinh', 'max'), today());
    assert.equal(await page.locator('#f_nguoi_duoc_xac_nhan_dan_toc option').nth(1).textContent(), 'Kinh');
    assert.equal(await page.locator('#f_nguoi_duoc_xac_nhan_quoc_tich option').nth(1).textContent(), 'Việt Nam');
    assert.ok((await page.locator('#f_nguoi_duoc_xac_nhan_dan_toc option').count()) >= 55);
    await expectAccessible(page, 'e-form with steps and a conditional question shown');

    // A birth date in the future (typed past the picker) is refused by the server; a missing choice says "chọn".
    await page.fill('#f_nguoi_duoc_xac_nhan_ho_ten', 'Nguyễn Văn An');
    await page.fill('#f_nguoi_duoc_xac_nhan_ngay_sinh', '2099-01-01');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    assert.equal(res.status(), 422);
    await page.waitForLoadState();
    const summary = page.locator('#error-summary');
    assert.ok(await summary.isVisible());
    assert.match(await summary.locator('h2').textContent(), /Hồ sơ chưa được nộp: còn \d+ chỗ cần sửa/);
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'error-summary', 'the summary has the focus');
    assert.match(await summary.textContent(), /Ngày, tháng, năm sinh: Không được là ngày trong tương lai\./);
    assert.match(await summary.textContent(), /Giới tính: Vui lòng chọn một mục trong danh sách\./);
    assert.match(await summary.textContent(), /Kết hôn với \(họ, chữ đệm, tên\): Vui lòng nhập thông tin này\./);
    // The message under a field does not repeat its label.
    assert.equal(await page.locator('#f_nguoi_duoc_xac_nhan_gioi_tinh_err').textContent(), 'Vui lòng chọn một mục trong danh sách.');
    // Every field error has its link; a link moves the focus to its control.
    const links = summary.locator('a');
    assert.ok((await links.count()) >= 5);
    await summary.getByRole('link', { name: /^Giới tính:/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f_nguoi_duoc_xac_nhan_gioi_tinh');
    // What was typed is kept; the conditional question stays shown for the answer given.
    assert.equal(await page.inputValue('#f_nguoi_duoc_xac_nhan_ho_ten'), 'Nguyễn Văn An');
    assert.equal(await spouse.isVisible(), true);
    await expectAccessible(page, 'e-form with the error summary (422)');
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

test('a valid submission with "mục đích khác" keeps no marriage answer; the receipt says what to bring', async () => {
  await withPage(browser, 'ux-submit', async (page, errors) => {
    await signIn(page, server.url, CITIZEN);
    await page.goto(server.url + `/thu-tuc/${PROC}/nop-truc-tuyen`);
    await page.fill('#f_nguoi_yeu_cau_noi_cu_tru', 'Số 12, khu phố 2, thị trấn Bến Sung, tỉnh Thanh Hóa');
    if (!(await page.inputValue('#f_nguoi_yeu_cau_dien_thoai'))) await page.fill('#f_nguoi_yeu_cau_dien_thoai', '0912345678');
    await page.fill('#f_nguoi_duoc_xac_nhan_ho_ten', 'Nguyễn Văn An');
    await page.fill('#f_nguoi_duoc_xac_nhan_ngay_sinh', '1990-05-12');
    await page.selectOption('#f_nguoi_duoc_xac_nhan_gioi_tinh', 'nam');
    await page.selectOption('#f_nguoi_duoc_xac_nhan_dan_toc', 'Kinh');
    await page.selectOption('#f_nguoi_duoc_xac_nhan_quoc_tich', 'Việt Nam');
    await page.fill('#f_nguoi_duoc_xac_nhan_so_dinh_danh', '001090000001');
    await page.fill('#f_nguoi_duoc_xac_nhan_noi_cu_tru', 'Thị trấn Bến Sung, huyện Như Thanh');
    await page.selectOption('#f_quan_he', 'ban_than');
    await page.fill('#f_thoi_gian_xac_nhan', 'Từ ngày 12/05/2008 đến nay');
    await page.selectOption('#f_tinh_trang_hon_nhan', 'chua_dang_ky_ket_hon');
    // Typed under "marriage", then the purpose changed: that answer no longer applies and is not sent.
    await page.check('#f_muc_dich_su_dung_ket_hon');
    await page.fill('#f_ket_hon_voi_ho_ten', 'Lê Thị Hoa');
    await page.check('#f_muc_dich_su_dung_khac');
    await page.fill('#f_muc_dich_khac', 'Bổ sung hồ sơ vay vốn ngân hàng');
    await page.check('#f_hinh_thuc_nhan_ket_qua_truc_tiep');
    await page.check('#f_cam_doan');
    await page.selectOption('#agency', BEN_SUNG);
    await page.setInputFiles('#comp_XN-06_file', { name: 'cccd.pdf', mimeType: 'application/pdf', buffer: tinyPdf('CCCD') });
    await Promise.all([page.waitForURL(/\/da-nop$/), page.getByRole('button', { name: 'Nộp hồ sơ' }).click()]);
    const id = page.url().split('/').slice(-2)[0];
    // What to bring when collecting: the original of the paper attached as a scan, an identity document, Mẫu 01.
    const collect = page.locator('#collect');
    assert.match(await collect.textContent(), /Nhận tại Bộ phận Một cửa – Ủy ban nhân dân thị trấn Bến Sung/);
    assert.match(await collect.textContent(), /Bản chính các giấy tờ đã đính kèm để đối chiếu: Hộ chiếu, Căn cước công dân/);
    assert.match(await collect.textContent(), /Mẫu 01/);
    await expectAccessible(page, 'receipt with what to bring');
    const token = await apiToken(server.url, CITIZEN);
    const d = await (await fetch(server.url + '/api/v1/dossiers/' + id, { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.equal(d.form.muc_dich_su_dung, 'khac');
    assert.equal(d.form.muc_dich_khac, 'Bổ sung hồ sơ vay vốn ngân hàng');
    assert.equal(d.form.ket_hon_voi_ho_ten, undefined, 'the answer to a question that no longer applies is not kept');
    // The dossier page repeats it until the result is handed over.
    await page.goto(server.url + '/ho-so-cua-toi/' + id);
    assert.match(await page.locator('#collect').textContent(), /Khi nhận kết quả/);
    assert.deepEqual(unexpected(errors), []);
  });
});

test('the procedure page on a phone: contents, headings, no empty "Mẫu:", no key names; the catalog puts results first', async () => {
  await withPage(browser, 'ux-procedure', async (page, errors) => {
    await page.goto(server.url + `/thu-tuc/${PROC}`);
    assert.ok(await page.getByRole('navigation', { name: 'Nội dung' }).isVisible());
    const h2 = await page.locator('main h2').allTextContents();
    for (const h of ['Trình tự thực hiện', 'Thành phần, số lượng hồ sơ', 'Thời hạn giải quyết', 'Phí, lệ phí', 'Căn cứ pháp lý'])
      assert.ok(h2.includes(h), h);
    const text = await page.locator('main').innerText();
    assert.doesNotMatch(text, /Mẫu:\s*(\n|$)/, 'no empty "Mẫu:"');
    assert.doesNotMatch(text, /\b(internal_process|fees|legal_basis|processing_time|legacy_online_level)\b/);
    assert.doesNotMatch(text, /mức độ [34]/);
    assert.match(text, /Số lượng: 1 bản chính/);
    await page.getByRole('link', { name: 'Phí, lệ phí' }).click();
    assert.match(page.url(), /#phi$/);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`procedure page height at 390 px: ${height} px`);
    await expectAccessible(page, 'procedure page');

    // The catalog on a phone: the results come before the filters, which wait closed behind "Lọc".
    await page.goto(server.url + '/thu-tuc');
    const filters = page.locator('#more-filters');
    assert.equal(await filters.getAttribute('open'), null);
    assert.equal(await page.locator('#field').isVisible(), false);
    const firstResult = await page.locator('.proc-name').first().boundingBox();
    assert.ok(firstResult.y < 844, 'the first result is on the first screen');
    await page.locator('#more-filters summary').click();
    assert.equal(await page.locator('#field').isVisible(), true);
    await expectAccessible(page, 'catalog with the filters open');
    // A chosen filter keeps the panel open and says how many are set.
    await page.goto(server.url + '/thu-tuc?level=xa');
    assert.notEqual(await filters.getAttribute('open'), null);
    assert.match(await page.locator('#more-filters summary').textContent(), /1 đang chọn/);
    assert.deepEqual(unexpected(errors), []);
  });
  await withPage(browser, 'ux-catalog-desktop', async (page) => {
    await page.goto(server.url + '/thu-tuc');
    assert.equal(await page.locator('#field').isVisible(), true, 'on a wide screen the filters are open');
  }, { width: 1366, height: 900 });
});

test('the desk finds a procedure by typing, and intake reports every error at once', async () => {
  await withPage(browser, 'ux-intake', async (page, errors) => {
    await signIn(page, server.url, 'motcua.bensung');
    await page.goto(server.url + '/can-bo/tiep-nhan');
    assert.equal(await page.locator('#thu_tuc_list option').count() > 5, true);
    // Several procedures match "dang ky": offered as links.
    await page.fill('#thu_tuc', 'dang ky');
    await Promise.all([page.waitForURL(/thu_tuc=dang/), page.click('#intake-continue')]);
    const matches = page.locator('#procedure-matches a');
    assert.ok((await matches.count()) >= 3);
    await expectAccessible(page, 'intake with several matching procedures');
    // One match, typed without diacritics: chosen.
    await page.fill('#thu_tuc', 'xac nhan khuyet tat');
    await page.fill('#cccd', '001090000001');
    await Promise.all([page.waitForURL(/thu_tuc=xac/), page.click('#intake-continue')]);
    assert.match(await page.locator('#intake-form h2').textContent(), /khuyết tật/);
    assert.match(await page.inputValue('#thu_tuc'), /^1\.001653 – /);
    assert.equal(await page.inputValue('#id_number'), '001090000001', 'the ID number looked up is kept');
    // Accept with no name and no paper: the name and every missing mandatory paper, by name, in one round.
    await page.fill('#name', '');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#intake-accept')]);
    await page.waitForLoadState();
    const summary = page.locator('#error-summary');
    assert.match(await summary.textContent(), /Họ tên người nộp: /);
    assert.match(await summary.textContent(), /Chưa nhận: /);
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'error-summary');
    assert.equal(await page.inputValue('#id_number'), '001090000001');
    await expectAccessible(page, 'intake with every error at once');
    assert.deepEqual(unexpected(errors, 422), []);
  }, { width: 1366, height: 900 });
});

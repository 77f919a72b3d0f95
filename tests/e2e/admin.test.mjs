// Browser tests of the catalog administration pages (/quan-tri/thu-tuc): create, publish, amend, suspend,
// abolish through the plain HTML forms, and what the public pages show afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';

let server, browser, token;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  token = await apiToken(server.url, 'quantri');
});
after(async () => { await browser?.close(); await server?.stop(); });

// Chromium reports a page answered with an error status as a console error ("… status of 422 …").
const unexpected = (errors, ...statuses) =>
  errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

const state = (page) => page.locator('#state').getAttribute('data-state');

async function api(path) {
  const res = await fetch(server.url + path, { headers: { Authorization: 'Bearer ' + token } });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

test('create a procedure through the form, fix a line error, publish it: it appears in the list and the announcements', async () => {
  await withPage(browser, 'admin-create-publish', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-tuc');
    assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'Quản trị danh mục');
    assert.equal(await page.locator('.proc').count(), 15);
    await page.getByRole('link', { name: 'Thêm thủ tục mới' }).click();
    await page.waitForURL(/\/quan-tri\/thu-tuc\/moi$/);
    await page.fill('#p_code', 'local.501');
    await page.fill('#p_name', 'Xác nhận thử nghiệm quản trị');
    await page.fill('#p_field_name', 'Hộ tịch');
    await page.fill('#p_field_code', 'HT');
    await page.selectOption('#p_online_level', 'toan_trinh');
    await page.fill('#p_pt_amount', '2');
    await page.fill('#p_steps', 'Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.');
    await page.fill('#p_methods', 'Trực tiếp | Tại Bộ phận Một cửa\nTrực tuyến | Trên Cổng Dịch vụ công');
    await page.fill('#p_components', 'Tờ khai theo mẫu | 1 | 0 | 0 | có\n\nGiấy tờ tùy thân | một | 0 | 0 | có');
    await page.fill('#p_fees', 'Lệ phí xác nhận | 10.000 | mỗi hồ sơ');
    await page.fill('#p_legal_basis', '60/2014/QH13 | Luật Hộ tịch | 20/11/2014');
    await page.fill('#p_internal_process', 'Tiếp nhận | Bộ phận Một cửa | một cửa | 2\nGiải quyết | Công chức | chuyên môn | 8');
    await page.fill('#p_result', 'Giấy xác nhận.');
    await page.getByRole('button', { name: 'Tạo thủ tục (bản nháp)' }).click();
    await page.waitForLoadState();
    // Line 3 has a bad count: nothing is created, the form comes back with the values and the line number.
    assert.ok(await page.locator('#error-summary').isVisible());
    assert.match(await page.locator('#p_components-err .err').textContent(), /^Dòng 3: số bản chính/);
    assert.equal(await page.inputValue('#p_name'), 'Xác nhận thử nghiệm quản trị');
    assert.equal((await api('/api/v1/admin/procedures/local.501')).status, 404);
    await expectAccessible(page, 'new procedure with a line error');
    await page.fill('#p_components', 'Tờ khai theo mẫu | 1 | 0 | 0 | có\nGiấy tờ tùy thân | 1 | 0 | 0 | có');
    await page.getByRole('button', { name: 'Tạo thủ tục (bản nháp)' }).click();
    await page.waitForURL(/\/quan-tri\/thu-tuc\/local\.501\?ok=created$/);
    assert.equal(await state(page), 'draft');
    await expectAccessible(page, 'a new draft procedure');
    assert.equal((await api('/thu-tuc/local.501')).status, 404);  // not public before publication
    await page.fill('#publish-note', 'Quyết định số 12/QĐ-UBND');
    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    await page.waitForURL(/ok=publish$/);
    assert.equal(await state(page), 'active');
    assert.equal(await page.locator('#versions tbody tr[data-version="1"]').getAttribute('data-status'), 'current');
    assert.deepEqual(await page.locator('#history tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action)), ['publish', 'create']);

    await page.goto(server.url + '/thu-tuc?q=xac+nhan+thu+nghiem');
    assert.equal(await page.locator('.proc-name').first().textContent(), 'Xác nhận thử nghiệm quản trị');
    await page.locator('.proc-name').first().click();
    await page.waitForURL(/\/thu-tuc\/local\.501$/);
    await page.getByText('10.000 đ').first().waitFor({ state: 'visible', timeout: 15000 });  // waits: isVisible() alone raced the page under load
    await page.goto(server.url + '/thong-bao');
    assert.ok(await page.getByRole('link', { name: 'Công bố thủ tục hành chính: Xác nhận thử nghiệm quản trị' }).isVisible());
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

test('amend 1.001193: the public page shows version 2 and version 1 stays readable', async () => {
  await withPage(browser, 'admin-amend', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-tuc/1.001193');
    await page.fill('#amend-note', 'Sửa đổi theo Quyết định số 34/QĐ-UBND');
    await page.getByRole('button', { name: 'Tạo bản sửa đổi' }).click();
    await page.waitForURL(/ok=amend$/);
    assert.equal(await page.locator('#versions tbody tr[data-version="2"]').getAttribute('data-status'), 'draft');
    await page.getByRole('link', { name: 'Sửa bản nháp' }).first().click();
    await page.waitForURL(/\/1\.001193\/sua$/);
    assert.equal(await page.inputValue('#p_name'), 'Đăng ký khai sinh');
    await page.fill('#p_name', 'Đăng ký khai sinh (sửa đổi)');
    await page.fill('#p_pt_amount', '2');
    await page.selectOption('#p_pt_unit', 'working_days');  // from "trong ngày" to 2 working days
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.waitForURL(/ok=saved$/);
    // Not public yet: the public page still shows version 1.
    assert.equal((await api('/api/v1/procedures/1.001193')).body.name, 'Đăng ký khai sinh');
    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    await page.waitForURL(/ok=publish$/);
    assert.equal(await page.locator('#versions tbody tr[data-version="2"]').getAttribute('data-status'), 'current');
    assert.equal(await page.locator('#versions tbody tr[data-version="1"]').getAttribute('data-status'), 'superseded');

    // Keys the form does not show were kept (component codes, the e-form link, the time note).
    const doc = (await api('/api/v1/procedures/1.001193')).body;
    assert.equal(doc.version, 2);
    assert.equal(doc.components[0].code, 'KS-01');
    assert.equal(doc.components[0].template_form, true);
    assert.match(doc.processing_time.note, /Ngay trong ngày/);
    assert.equal(doc.processing_time.amount, 2);

    await page.goto(server.url + '/thu-tuc/1.001193');
    assert.equal(await page.locator('h1').textContent(), 'Đăng ký khai sinh (sửa đổi)');
    assert.ok(await page.getByText(/Phiên bản 2, áp dụng từ/).first().isVisible());
    assert.ok(await page.getByText('2 ngày làm việc').first().isVisible());
    await page.getByRole('link', { name: '1', exact: true }).click();
    await page.waitForURL(/\/thu-tuc\/1\.001193\/phien-ban\/1$/);
    assert.equal(await page.locator('h1').textContent(), 'Đăng ký khai sinh');
    assert.match(await page.locator('.notice-warn').first().textContent(), /phiên bản 1/);
    await expectAccessible(page, 'an old version of a procedure');
    await page.goto(server.url + '/thong-bao');
    assert.ok(await page.getByText('Sửa đổi, bổ sung thủ tục hành chính: Đăng ký khai sinh (sửa đổi)').first().isVisible());
    assert.deepEqual(errors, []);
  });
});

test('suspending without a reason is refused and changes nothing', async () => {
  await withPage(browser, 'admin-suspend-empty', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-tuc/2.000635');
    const before = (await api('/api/v1/admin/procedures/2.000635')).body.row_version;
    await page.getByRole('button', { name: 'Tạm ngừng', exact: true }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#suspend-err').textContent(), /Vui lòng nêu lý do tạm ngừng/);
    assert.match(await page.locator('.notice-bad').first().textContent(), /lý do/);
    await expectAccessible(page, 'suspension without a reason');
    assert.equal(await state(page), 'active');
    const after = (await api('/api/v1/admin/procedures/2.000635')).body;
    assert.equal(after.state, 'active');
    assert.equal(after.row_version, before);
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

test('abolish 1.000656: gone from the public list, its page still readable with the notice', async () => {
  await withPage(browser, 'admin-abolish', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-tuc/1.000656');
    assert.match(await page.locator('#form-abolish .notice-warn').textContent(), /ẩn thủ tục khỏi danh mục công khai/);
    await page.fill('#abolish-reason', 'Bãi bỏ theo Quyết định số 56/QĐ-UBND');
    await page.getByRole('button', { name: 'Bãi bỏ thủ tục' }).click();
    await page.waitForURL(/ok=abolish$/);
    assert.equal(await state(page), 'abolished');
    assert.equal(await page.locator('#history tbody tr').first().getAttribute('data-action'), 'abolish');
    assert.match(await page.locator('#history tbody tr').first().textContent(), /Bãi bỏ theo Quyết định số 56\/QĐ-UBND/);
    assert.equal(await page.locator('#form-amend').count(), 0);
    await expectAccessible(page, 'an abolished procedure (admin)');

    await page.goto(server.url + '/thu-tuc');
    assert.equal(await page.locator('a.proc-name[href="/thu-tuc/1.000656"]').count(), 0);
    assert.ok((await page.locator('a.proc-name').count()) > 0);
    await page.goto(server.url + '/thu-tuc/1.000656');
    assert.match(await page.locator('.notice-bad').textContent(), /đã bị bãi bỏ/);
    await expectAccessible(page, 'an abolished procedure (public)');
    // The admin list still has it, tagged.
    await page.goto(server.url + '/quan-tri/thu-tuc?q=dang+ky+khai+tu');
    assert.equal(await page.locator('.proc[data-code="1.000656"] [data-state]').textContent(), 'Đã bãi bỏ');
    assert.deepEqual(errors, []);
  });
});

test('works without JavaScript: amend then discard the draft', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-tuc/1.000894');
    await page.getByRole('button', { name: 'Tạo bản sửa đổi' }).click();
    await page.waitForURL(/ok=amend$/);
    assert.equal(await page.locator('#form-discard-draft').count(), 1);
    await page.getByRole('button', { name: 'Hủy bản nháp' }).click();
    await page.waitForURL(/ok=discard-draft$/);
    assert.equal(await page.locator('#versions tbody tr').count(), 1);
    assert.equal((await api('/api/v1/admin/procedures/1.000894')).body.draft_version, undefined);
  } finally {
    await context.close();
  }
});

test('a POST without the CSRF token is refused, even when signed in', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, server.url, 'quantri');
    const res = await page.request.post(server.url + '/quan-tri/thu-tuc/1.000894/thao-tac/suspend', {
      headers: { Accept: 'text/html' }, form: { reason: 'x' },
    });
    assert.equal(res.status(), 403);
    assert.equal((await api('/api/v1/procedures/1.000894')).body.state, 'active');
  } finally {
    await context.close();
  }
});

test('only catalog officers and admins reach the admin pages', async () => {
  await withPage(browser, 'admin-forbidden', async (page, errors) => {
    await page.goto(server.url + '/quan-tri/thu-tuc');
    await page.waitForURL(/\/dang-nhap\?next=/);
    await signIn(page, server.url, 'motcua.bensung');
    const res = await page.goto(server.url + '/quan-tri/thu-tuc');
    assert.equal(res.status(), 403);
    assert.match(await page.locator('main').textContent(), /không có quyền/);
    assert.equal(await page.getByRole('link', { name: 'Quản trị danh mục' }).count(), 0);
    assert.deepEqual(unexpected(errors, 403), []);
  });
  const post = await fetch(server.url + '/quan-tri/thu-tuc/moi', { method: 'POST', headers: { Accept: 'text/html' }, body: '' });
  assert.equal(post.status, 401);
});

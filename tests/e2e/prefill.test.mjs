// Prefill from the account (R26): a signed-in citizen opening the e-form of Đăng ký khai sinh (1.001193) finds
// the fields that describe them (name, identification number, phone, e-mail) already filled from the account and
// marked "Lấy từ tài khoản", while the child's fields stay empty; a changed value loses the mark; an anonymous
// visitor gets nothing prefilled, but what they typed before signing in is back in the form afterwards (kept in the
// tab's sessionStorage by static/js/app.js). Accessible on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, expectAccessible } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const FORM = '/thu-tuc/1.001193/nop-truc-tuyen';

test('the applicant\'s own facts are prefilled, marked and editable', async () => {
  await withPage(browser, 'prefill', async (page, errors) => {
    await page.goto(server.url + FORM);
    assert.equal(await page.inputValue('#f_nguoi_yeu_cau_ho_ten'), '', 'nothing prefilled for an anonymous visitor');
    assert.equal(await page.locator('[data-prefilled]').count(), 0);
    await page.fill('#f_tre_ho_ten', 'Nguyễn Minh Khôi');  // typed before signing in

    await signIn(page, server.url, '001090000001');
    await page.goto(server.url + FORM);
    assert.equal(await page.inputValue('#f_tre_ho_ten'), 'Nguyễn Minh Khôi', 'what was typed before signing in is back');
    assert.match(await page.locator('#restored-note').textContent(), /Đã điền lại 1 thông tin/);
    await page.fill('#f_tre_ho_ten', '');
    assert.equal(await page.inputValue('#f_nguoi_yeu_cau_ho_ten'), 'Nguyễn Văn An');
    assert.equal(await page.inputValue('#f_nguoi_yeu_cau_so_dinh_danh'), '001090000001');
    assert.equal(await page.inputValue('#f_nguoi_yeu_cau_dien_thoai'), '0912345678');
    assert.equal(await page.inputValue('#f_nguoi_yeu_cau_email'), '001090000001@demo.motcua.vn');
    assert.ok(await page.locator('#prefill-note').isVisible());
    assert.equal(await page.locator('[data-prefilled]').count(), 4);
    assert.match(await page.locator('[data-prefilled="nguoi_yeu_cau_ho_ten"]').textContent(), /Lấy từ tài khoản/);
    await expectAccessible(page, 'e-form prefilled from the account');

    // The applicant may change a prefilled value; the page then no longer claims it came from the account.
    await page.fill('#f_nguoi_yeu_cau_dien_thoai', '0987654321');
    await page.getByRole('button', { name: /Nộp hồ sơ/ }).first().click();
    await page.waitForLoadState();
    assert.equal(await page.inputValue('#f_nguoi_yeu_cau_dien_thoai'), '0987654321');
    assert.equal(await page.locator('[data-prefilled="nguoi_yeu_cau_dien_thoai"]').count(), 0);
    assert.equal(await page.locator('[data-prefilled="nguoi_yeu_cau_ho_ten"]').count(), 1);
    assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), []);
  });
});

// Browser tests of the public catalog pages (mobile viewport, real chromium, real server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, expectAccessible } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('home page shows the fields and searching without diacritics finds the procedure', async () => {
  await withPage(browser, 'home-search', async (page, errors) => {
    await page.goto(server.url + '/');
    assert.match(await page.title(), /Cổng Dịch vụ công/);
    assert.ok(await page.getByRole('link', { name: /Hộ tịch/ }).isVisible());
    await page.fill('#home-q', 'dang ky khai sinh');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/thu-tuc\?q=dang/);
    const first = page.locator('.proc-name').first();
    assert.equal(await first.textContent(), 'Đăng ký khai sinh');
    assert.deepEqual(errors, []);
  });
});

test('live search with htmx updates the results without reloading', async () => {
  await withPage(browser, 'live-search', async (page, errors) => {
    await page.goto(server.url + '/thu-tuc');
    assert.equal(await page.locator('.proc').count(), 15);
    await page.fill('#q', 'ket hon');
    await page.waitForFunction(() => document.querySelector('.proc-name')?.textContent === 'Đăng ký kết hôn');
    assert.match(page.url(), /q=ket(\+|%20)hon/);
    await page.locator('#more-filters summary').click();  // on a phone the filters wait behind "Lọc"
    await page.selectOption('#field', { label: 'Tôn giáo' });
    await page.fill('#q', '');
    await page.waitForFunction(() => document.querySelectorAll('.proc').length === 6);
    // Screen readers hear the new count (a polite status region), not the whole list.
    assert.match(await page.locator('#results-status[role=status]').textContent(), /^Tìm thấy 6 thủ tục/);
    await expectAccessible(page, 'catalog after a live (htmx) search');
    assert.deepEqual(errors, []);
  });
});

test('procedure detail shows the mandatory parts, and the e-form is validated server-side', async () => {
  await withPage(browser, 'detail-eform', async (page, errors) => {
    await page.goto(server.url + '/thu-tuc/1.001193');
    for (const part of ['Trình tự thực hiện', 'Cách thức thực hiện', 'Thành phần, số lượng hồ sơ', 'Thời hạn giải quyết',
      'Đối tượng thực hiện', 'Cơ quan thực hiện', 'Kết quả thực hiện', 'Phí, lệ phí', 'Căn cứ pháp lý']) {
      assert.ok(await page.getByText(part, { exact: true }).first().isVisible(), part);
    }
    assert.ok(await page.getByRole('heading', { name: 'Quy trình nội bộ giải quyết' }).isVisible());
    // The online level worded as the national portal does now, with no "mức 2/3/4" mixed in.
    assert.match(await page.locator('main').textContent(), /Dịch vụ công trực tuyến (toàn trình|một phần)/);
    assert.doesNotMatch(await page.locator('main').textContent(), /\(mức \d\)/);
    await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
    await page.waitForURL(/nop-truc-tuyen/);
    await page.getByRole('button', { name: 'Kiểm tra tờ khai' }).click();
    await page.waitForLoadState();
    assert.ok(await page.locator('.notice-bad').isVisible());
    assert.ok((await page.locator('.err').count()) > 0);
    assert.deepEqual(errors.filter((e) => !/422/.test(e)), []);
  });
});

test('works without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/thu-tuc?q=khai+tu');
  assert.equal(await page.locator('.proc-name').first().textContent(), 'Đăng ký khai tử');
  await context.close();
});

// A citizen registers on a phone: precise CCCD error, then verification with the code that was "sent"
// (the outbox delivers it through the log channel to <data>/outbox.log), sign-in, the account page, sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, expectAccessible, messagesTo } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const unexpected = (errors, ...statuses) => errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

async function lastCode(to) {
  const m = (await messagesTo(server, to)).pop().body.match(/\b(\d{6})\b/);
  return m[1];
}

test('register, verify with the code, sign in, see my account, sign out', async () => {
  await withPage(browser, 'register', async (page, errors) => {
    await page.goto(server.url + '/');
    await page.locator('.account-box').getByRole('link', { name: 'Đăng ký' }).click();
    await page.fill('#id_number', '003090000001');
    await page.fill('#full_name', 'Trần Thị Bình');
    await page.fill('#date_of_birth', '2005-03-04');
    await page.fill('#phone', '0987654321');
    await page.fill('#password', 'Binh#2026an');
    await page.fill('#password2', 'Binh#2026an');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    assert.match(await page.locator('.err').first().textContent(), /\(003\)/);
    assert.equal(await page.inputValue('#full_name'), 'Trần Thị Bình');  // values kept, password not
    assert.equal(await page.inputValue('#password'), '');
    await expectAccessible(page, 'registration with a CCCD error');
    await page.fill('#id_number', '038305012345');
    await page.fill('#password', 'Binh#2026an');
    await page.fill('#password2', 'Binh#2026an');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.waitForURL(/\/xac-thuc\?u=038305012345/);
    await expectAccessible(page, 'verification after registration');
    await page.fill('#code', await lastCode('0987654321'));
    await page.getByRole('button', { name: 'Xác thực' }).click();
    await page.waitForURL(/\/dang-nhap\?ok=verified/);
    await expectAccessible(page, 'sign-in after verification');
    await page.fill('#username', '038305012345');
    await page.fill('#password', 'Binh#2026an');
    await page.locator('main button[type=submit]').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('link', { name: 'Trần Thị Bình' }).click();
    assert.match(await page.locator('main').textContent(), /Hồ sơ của tôi/);
    assert.equal(await page.locator('text=Phiên hiện tại').count(), 1);
    await page.getByRole('button', { name: 'Đăng xuất' }).first().click();
    await page.waitForURL(/ok=logout/);
    const res = await page.goto(server.url + '/tai-khoan');
    assert.match(page.url(), /\/dang-nhap\?next=/);
    assert.ok(res.ok());
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

test('what a visitor typed in an e-form survives registering a new account and signing in', async () => {
  await withPage(browser, 'register-keeps-eform', async (page, errors) => {
    await page.goto(server.url + '/thu-tuc/1.001193/nop-truc-tuyen');
    await page.fill('#f_tre_ho_ten', 'Lê Minh Khang');
    await page.locator('#login-prompt').getByRole('link', { name: 'Đăng ký' }).click();
    await page.waitForURL(/\/dang-ky\?next=/);
    await page.fill('#id_number', '038306012346');
    await page.fill('#full_name', 'Lê Văn Cường');
    await page.fill('#date_of_birth', '2006-03-04');
    await page.fill('#phone', '0987654322');
    await page.fill('#password', 'Cuong#2026an');
    await page.fill('#password2', 'Cuong#2026an');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.waitForURL(/\/xac-thuc\?u=038306012346.*next=/);
    await page.fill('#code', await lastCode('0987654322'));
    await page.getByRole('button', { name: 'Xác thực' }).click();
    await page.waitForURL(/\/dang-nhap\?ok=verified&next=/);
    await page.fill('#username', '038306012346');
    await page.fill('#password', 'Cuong#2026an');
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(/\/thu-tuc\/1\.001193\/nop-truc-tuyen$/);
    assert.equal(await page.inputValue('#f_tre_ho_ten'), 'Lê Minh Khang');
    assert.match(await page.locator('#restored-note').textContent(), /trước khi đăng nhập/);
    assert.deepEqual(unexpected(errors, 422), []);
  });
});

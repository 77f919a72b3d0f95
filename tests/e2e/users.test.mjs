// Browser tests of staff administration (/quan-tri/nguoi-dung), the desk's account creation for a
// walk-in citizen (/mot-cua/tao-tai-khoan → /kich-hoat) and the audit log viewer (/giam-sat/nhat-ky),
// all through the plain HTML forms, signed in through /dang-nhap with the demo accounts.
// The tests share one server and run in order (the audit test reads what the earlier ones wrote).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, expectAccessible } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer([], { MOTCUA_FAST_HASH: '1' }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Chromium reports a page answered with an error status as a console error ("… status of 422 …").
const unexpected = (errors, ...statuses) => errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

const LINH_TOAI = '000.07.12.H56';
const CCCD = '038185001234';
let staffId = '';

async function signIn(page, username, password = 'demo1234') {
  await page.goto(server.url + '/dang-nhap');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
}

async function apiLogin(username, password) {
  const res = await fetch(server.url + '/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  return res.status;
}

const roleRows = (page) => page.locator('#roles tbody tr[data-role]').evaluateAll((rows) => rows.map((r) => `${r.dataset.role}@${r.dataset.agency}`));

test('the admin creates a desk officer at xã Lĩnh Toại, finds them, changes their roles and disables them', async () => {
  await withPage(browser, 'users-admin', async (page, errors) => {
    await signIn(page, 'quantri');
    await page.goto(server.url + '/quan-tri/nguoi-dung');
    assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'Người dùng');
    assert.ok(await page.locator('#users li[data-username="motcua.bensung"]').isVisible());
    assert.match(await page.locator('#users li[data-username="motcua.bensung"]').textContent(), /Bộ phận Một cửa – Ủy ban nhân dân thị trấn Bến Sung/);

    await page.getByRole('link', { name: 'Thêm cán bộ' }).click();
    await page.waitForURL(/\/quan-tri\/nguoi-dung\/moi$/);
    // The agency select offers only my subtree, with Vietnamese labels.
    const agencies = await page.locator('#agency_1 option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
    assert.ok(agencies.includes(LINH_TOAI) && agencies.includes('000.00.00.H56'));
    assert.ok(!agencies.includes('000.00.00.H23'), 'another province is outside the admin scope');
    assert.ok((await page.locator('#role_1 option[value="desk"]').textContent()).includes('Bộ phận Một cửa'));

    // A bad username: nothing is created, the form comes back with the values and the field error.
    await page.fill('#username', 'LT');
    await page.fill('#full_name', 'Nguyễn Thị Thu');
    await page.fill('#phone', '0912000111');
    await page.fill('#email', 'thu.linhtoai@example.vn');
    await page.fill('#password', 'LinhToai#2026');
    await page.selectOption('#role_1', 'desk');
    await page.selectOption('#agency_1', LINH_TOAI);
    await page.selectOption('#unit_1', 'MC');
    await page.getByRole('button', { name: 'Tạo tài khoản cán bộ' }).click();
    await page.waitForLoadState();
    assert.ok(await page.locator('#error-summary').isVisible());
    assert.match(await page.locator('#username ~ .err').textContent(), /Tên đăng nhập gồm 3–40 ký tự/);
    assert.equal(await page.inputValue('#full_name'), 'Nguyễn Thị Thu');
    assert.equal(await page.inputValue('#agency_1'), LINH_TOAI);
    assert.equal(await page.inputValue('#password'), '', 'passwords are never sent back');
    await expectAccessible(page, 'new staff form with errors');

    await page.fill('#username', 'motcua.linhtoai');
    await page.fill('#password', 'LinhToai#2026');
    await page.getByRole('button', { name: 'Tạo tài khoản cán bộ' }).click();
    await page.waitForURL(/\/quan-tri\/nguoi-dung\/[^/?]+\?ok=created$/);
    staffId = new URL(page.url()).pathname.split('/').pop();
    assert.equal(await page.locator('#username').textContent(), 'motcua.linhtoai');
    assert.deepEqual(await roleRows(page), [`desk@${LINH_TOAI}`]);
    assert.equal(await page.locator('#status').getAttribute('data-status'), 'active');
    await expectAccessible(page, 'staff member just created');
    assert.equal(await apiLogin('motcua.linhtoai', 'LinhToai#2026'), 200);

    // In the list, found by a part of the name.
    await page.goto(server.url + '/quan-tri/nguoi-dung?q=Thu');
    const row = page.locator('#users li[data-username="motcua.linhtoai"]');
    assert.match(await row.textContent(), /Nguyễn Thị Thu/);
    assert.match(await row.textContent(), /Bộ phận Một cửa – Ủy ban nhân dân xã Lĩnh Toại · Bộ phận Một cửa \(MC\)/);
    assert.match(await row.textContent(), /OTP: chưa bật/);
    await row.getByRole('link', { name: 'Nguyễn Thị Thu' }).click();
    await page.waitForURL(new RegExp(`/quan-tri/nguoi-dung/${staffId}$`));

    // Removing every role is refused (disable the account instead).
    await page.locator('#roles input[name="keep"]').uncheck();
    await page.getByRole('button', { name: 'Lưu vai trò' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#roles-error').textContent(), /ít nhất một vai trò/);
    assert.deepEqual(await roleRows(page), [`desk@${LINH_TOAI}`]);

    // Replace desk by specialist (Tư pháp – Hộ tịch) and add supervisor of the district.
    await page.locator('#roles input[name="keep"]').uncheck();
    await page.selectOption('#role_1', 'specialist');
    await page.selectOption('#agency_1', LINH_TOAI);
    await page.selectOption('#unit_1', 'TP');
    await page.selectOption('#role_2', 'supervisor');
    await page.selectOption('#agency_2', '000.00.12.H56');
    await page.getByRole('button', { name: 'Lưu vai trò' }).click();
    await page.waitForURL(/\?ok=roles$/);
    assert.deepEqual((await roleRows(page)).sort(), [`specialist@${LINH_TOAI}`, 'supervisor@000.00.12.H56']);
    assert.match(await page.locator('#roles').textContent(), /Tư pháp – Hộ tịch \(TP\)/);

    // A unit that the chosen agency does not have is refused.
    await page.selectOption('#role_1', 'leader');
    await page.selectOption('#agency_1', '000.00.00.H56');
    await page.selectOption('#unit_1', 'DC');
    await page.getByRole('button', { name: 'Lưu vai trò' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#add-1 .err').textContent(), /không có bộ phận mã DC/);
    await expectAccessible(page, 'roles form with an error');
    assert.equal((await roleRows(page)).length, 2);

    // Disable: the status changes and the account can no longer sign in.
    await page.goto(server.url + `/quan-tri/nguoi-dung/${staffId}`);
    await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await page.waitForURL(/\?ok=disabled$/);
    assert.equal(await page.locator('#status').getAttribute('data-status'), 'disabled');
    assert.notEqual(await apiLogin('motcua.linhtoai', 'LinhToai#2026'), 200);
    await page.goto(server.url + '/quan-tri/nguoi-dung?q=linhtoai');
    assert.equal(await page.locator('#users li[data-username="motcua.linhtoai"]').getAttribute('data-status'), 'disabled');

    // Unknown ids are a 404 page.
    const r = await page.goto(server.url + '/quan-tri/nguoi-dung/khong-ton-tai');
    assert.equal(r.status(), 404);
    await expectAccessible(page, 'staff member not found (404)');
    assert.deepEqual(unexpected(errors, 404, 422), []);
  });
});

test('a commune admin sees only the staff of the commune; others are a 404 (no IDOR)', async () => {
  let benSungId = '';
  await withPage(browser, 'users-commune-admin', async (page) => {
    await signIn(page, 'quantri');
    await page.goto(server.url + '/quan-tri/nguoi-dung?q=motcua.bensung');
    benSungId = (await page.locator('#users li[data-username="motcua.bensung"] a').getAttribute('href')).split('/').pop();
    await page.goto(server.url + '/quan-tri/nguoi-dung/moi');
    await page.fill('#username', 'quantri.linhtoai');
    await page.fill('#full_name', 'Lê Văn Quản');
    await page.fill('#password', 'QuanTri#2026');
    await page.selectOption('#role_1', 'admin');
    await page.selectOption('#agency_1', LINH_TOAI);
    await page.getByRole('button', { name: 'Tạo tài khoản cán bộ' }).click();
    await page.waitForURL(/\?ok=created$/);
  });
  await withPage(browser, 'users-commune-admin-scope', async (page, errors) => {
    await signIn(page, 'quantri.linhtoai', 'QuanTri#2026');
    await page.goto(server.url + '/quan-tri/nguoi-dung');
    const names = await page.locator('#users li[data-username]').evaluateAll((rows) => rows.map((r) => r.dataset.username));
    assert.ok(names.includes('motcua.linhtoai') && names.includes('quantri.linhtoai'));
    assert.ok(!names.includes('motcua.bensung') && !names.includes('quantri'));
    const r = await page.goto(server.url + `/quan-tri/nguoi-dung/${benSungId}`);
    assert.equal(r.status(), 404);
    // Agency select: the commune only.
    await page.goto(server.url + '/quan-tri/nguoi-dung/moi');
    assert.deepEqual(await page.locator('#agency_1 option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean)), [LINH_TOAI]);
    assert.deepEqual(unexpected(errors, 404), []);
  });
});

test('the desk creates an account for a walk-in citizen, who activates it and signs in', async () => {
  let code = '';
  await withPage(browser, 'users-desk', async (page, errors) => {
    await signIn(page, 'motcua.bensung');
    const denied = await page.goto(server.url + '/quan-tri/nguoi-dung');
    assert.equal(denied.status(), 403);
    await page.goto(server.url + '/mot-cua/tao-tai-khoan');
    await page.fill('#id_number', '099185001234');
    await page.fill('#full_name', 'Trịnh Thị Mai');
    await page.fill('#date_of_birth', '1985-03-15');
    await page.fill('#phone', '0987654321');
    await page.getByRole('button', { name: 'Tạo tài khoản và lấy mã kích hoạt' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#id_number ~ .err').textContent(), /Ba chữ số đầu \(099\)/);
    assert.equal(await page.inputValue('#full_name'), 'Trịnh Thị Mai');
    await expectAccessible(page, 'walk-in account form with an error');
    await page.fill('#id_number', CCCD);
    await page.getByRole('button', { name: 'Tạo tài khoản và lấy mã kích hoạt' }).click();
    await page.waitForLoadState();
    code = (await page.locator('#activation-code').textContent()).trim();
    assert.match(code, /^\d{8}$/);
    assert.equal(await page.locator('#activation-username').textContent(), CCCD);
    assert.match(await page.locator('#activation').textContent(), /\/kich-hoat/);
    await expectAccessible(page, 'activation code handed over');
    assert.deepEqual(unexpected(errors, 403, 422), []);
  });
  await withPage(browser, 'users-activate', async (page, errors) => {
    await page.goto(server.url + `/kich-hoat?u=${CCCD}`);
    assert.equal(await page.inputValue('#username'), CCCD);
    await page.fill('#code', code);
    await page.fill('#password', 'MaiTrinh#1985');
    await page.fill('#password2', 'MaiTrinh#1985');
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await page.waitForURL(/\/dang-nhap\?ok=reset$/);
    await signIn(page, CCCD, 'MaiTrinh#1985');
    await page.goto(server.url + '/tai-khoan');
    assert.match(await page.locator('main').textContent(), /Trịnh Thị Mai/);
    assert.deepEqual(errors, []);
  });
});

test('the supervisor reads the audit log (sign-ins, staff created, roles granted) and the integrity check is OK', async () => {
  await withPage(browser, 'users-audit', async (page, errors) => {
    await signIn(page, 'giamsat.thanhhoa');
    await page.goto(server.url + '/giam-sat/nhat-ky');
    assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'Nhật ký');
    assert.equal(await page.locator('#integrity').getAttribute('data-ok'), 'true');
    assert.match(await page.locator('#integrity').textContent(), /toàn vẹn: đã kiểm tra \d+ bản ghi/);
    const actions = await page.locator('#audit tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    for (const a of ['login', 'staff_created', 'role_granted', 'role_revoked', 'account_disabled', 'citizen_created_at_desk'])
      assert.ok(actions.includes(a), `audit log has ${a}`);
    const seqs = await page.locator('#audit tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');

    // Filters: action and actor.
    await page.selectOption('#action', 'staff_created');
    await page.fill('#actor', 'quantri');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/action=staff_created/);
    const rows = await page.locator('#audit tbody tr').evaluateAll((rs) => rs.map((r) => `${r.dataset.action}/${r.dataset.actor}`));
    assert.deepEqual(rows, ['staff_created/quantri', 'staff_created/quantri']);
    assert.match(await page.locator('#audit tbody').textContent(), /Tạo tài khoản cán bộ/);
    await expectAccessible(page, 'audit log filtered');
    await page.goto(server.url + '/giam-sat/nhat-ky?action=role_granted');
    assert.ok(await page.locator('#audit tbody tr[data-action="role_granted"]').count() >= 3);
    assert.match(await page.locator('#audit tbody').textContent(), /Ủy ban nhân dân xã Lĩnh Toại/);

    // The supervisor cannot administer users nor use the desk page.
    assert.equal((await page.goto(server.url + '/quan-tri/nguoi-dung')).status(), 403);
    assert.equal((await page.goto(server.url + '/mot-cua/tao-tai-khoan')).status(), 403);
    assert.deepEqual(unexpected(errors, 403), []);
  });
});

test('a citizen gets 403 on the audit log and the admin pages', async () => {
  await withPage(browser, 'users-citizen', async (page, errors) => {
    await signIn(page, '001090000001');
    assert.equal((await page.goto(server.url + '/giam-sat/nhat-ky')).status(), 403);
    assert.equal((await page.goto(server.url + '/quan-tri/nguoi-dung')).status(), 403);
    assert.equal((await page.goto(server.url + '/mot-cua/tao-tai-khoan')).status(), 403);
    assert.match(await page.locator('main h1').textContent(), /Không có quyền truy cập/);
    await expectAccessible(page, 'forbidden (403)');
    assert.deepEqual(unexpected(errors, 403), []);
  });
});

test('anonymous visitors are sent to the sign-in page', async () => {
  const res = await fetch(server.url + '/giam-sat/nhat-ky', { redirect: 'manual', headers: { Accept: 'text/html' } });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/dang-nhap\?next=/);
});

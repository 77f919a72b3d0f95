// Browser test of "Nhập từ CSDL quốc gia" (/quan-tri/thu-tuc/nhap-quoc-gia): upload the national procedure database's
// export (data/national/csdl-tthc-mau.json), see the diff (Mới / Thay đổi / Không đổi / Bị từ chối) with the progress
// bar while it is sent, apply it, and check the page with axe at phone and desktop width; the same without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible, axeViolations } from './harness.mjs';

const root = process.env.MOTCUA_SOURCE_DIR || join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = join(root, 'data', 'national', 'csdl-tthc-mau.json');

let server, browser, token;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  token = await apiToken(server.url, 'quantri');
});
after(async () => { await browser?.close(); await server?.stop(); });

async function api(path) {
  const res = await fetch(server.url + path, { headers: { Authorization: 'Bearer ' + token } });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

const statuses = (page) => page.locator('#ni-diff tbody tr').evaluateAll((rows) =>
  Object.fromEntries(rows.map((r) => [r.dataset.code, r.dataset.status])));

test('upload the export, see the diff with a progress bar, apply it; a second preview finds it unchanged', async () => {
  await withPage(browser, 'national-import', async (page, errors) => {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-tuc');
    await page.getByRole('link', { name: 'Nhập từ CSDL quốc gia' }).click();
    await page.waitForURL(/\/quan-tri\/thu-tuc\/nhap-quoc-gia$/);
    await expectAccessible(page, 'national import: upload form');

    // Hold the upload for a moment so that the progress bar can be seen (and checked) while it is on screen.
    let progressToken = null;
    await page.route('**/quan-tri/thu-tuc/nhap-quoc-gia', async (route) => {
      progressToken ??= /name="progress"\r\n\r\n([0-9a-f]+)/.exec(route.request().postData() || '')?.[1];
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.setInputFiles('#ni-file', sample);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const bar = page.getByRole('progressbar', { name: /Đang tải tệp lên|Đã tải lên/ });
    await bar.waitFor({ state: 'visible' });
    assert.deepEqual(await axeViolations(page), []);

    await page.locator('#ni-diff').waitFor();
    assert.equal(page.url(), server.url + '/quan-tri/thu-tuc/nhap-quoc-gia');  // no reload: the page's content was swapped
    assert.deepEqual(await statuses(page), {
      '1.001193': 'changed', '1.000894': 'changed', '1.001022': 'new', '2.000908': 'new', '1.004227': 'refused',
    });
    const refused = page.locator('tr[data-code="1.004227"]');
    assert.match(await refused.textContent(), /Không đọc được thời hạn giải quyết "Theo quy định của pháp luật"/);
    assert.match(await page.locator('tr[data-code="1.001193"]').textContent(), /Thay đổi: .*Trình tự thực hiện/);
    assert.match(await page.locator('#ni-summary').textContent(), /Mới 2.*Thay đổi 2.*Không đổi 0.*Bị từ chối 1/s);
    // The server reported its progress under the page's token: every record compared.
    assert.match(progressToken ?? '', /^[0-9a-f]{32}$/);
    const progress = await page.request.get(server.url + '/quan-tri/thu-tuc/nhap-quoc-gia/tien-do?token=' + progressToken);
    assert.deepEqual(await progress.json(), { phase: 'done', done: 5, total: 5 });
    // Nothing written by the preview.
    assert.equal((await api('/api/v1/procedures/1.001022')).status, 404);
    // The previewed file goes with "Áp dụng" by itself.
    assert.equal(await page.locator('#ni-refile').isVisible(), false);
    await expectAccessible(page, 'national import: the diff');

    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.locator('#ni-applied').waitFor();
    assert.match(await page.locator('#ni-applied').textContent(),
      /Đã áp dụng: 2 thủ tục mới, 2 thủ tục cập nhật .*0 thủ tục không đổi; 1 bản ghi bị từ chối/);
    assert.equal(await page.getByRole('button', { name: 'Áp dụng' }).count(), 0);
    await expectAccessible(page, 'national import: applied');
    assert.equal((await api('/api/v1/procedures/1.001022')).body.name, 'Đăng ký nhận cha, mẹ, con');
    assert.equal((await api('/api/v1/procedures/1.001193')).body.versions.length, 2);

    // Preview the same file again: everything accepted is unchanged now.
    await page.unroute('**/quan-tri/thu-tuc/nhap-quoc-gia');
    await page.setInputFiles('#ni-file', sample);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.waitForFunction(() => document.querySelector('#ni-diff tr[data-code="1.001022"]')?.dataset.status === 'unchanged');
    assert.match(await page.locator('#ni-summary').textContent(), /Mới 0.*Thay đổi 0.*Không đổi 4.*Bị từ chối 1/s);
    assert.deepEqual(errors, []);
  });
});

test('without JavaScript: preview, choose the same file again, apply; another file is refused', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  try {
    await signIn(page, server.url, 'quantri');
    await page.goto(server.url + '/quan-tri/thu-tuc/nhap-quoc-gia');
    const other = { name: 'khac.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ data: [
      { MaTTHC: '1.009901', TenTTHC: 'Thủ tục thử không JavaScript', TenLinhVuc: 'Hộ tịch', CapThucHien: 'Cấp Xã', ThoiHanGiaiQuyet: '02 ngày làm việc' },
    ] })) };
    await page.setInputFiles('#ni-file', other);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('#ni-diff').waitFor();
    assert.equal(await page.locator('tr[data-code="1.009901"]').getAttribute('data-status'), 'new');
    // A different file than the previewed one is refused.
    await page.setInputFiles('#ni-refile', sample);
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.locator('#ni-error').waitFor();
    assert.match(await page.locator('#ni-error').textContent(), /khác với tệp đã xem trước/);
    assert.equal((await api('/api/v1/procedures/1.009901')).status, 404);
    // Preview again, choose the same file, apply.
    await page.setInputFiles('#ni-file', other);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('#ni-diff').waitFor();
    await page.setInputFiles('#ni-refile', other);
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.locator('#ni-applied').waitFor();
    assert.match(await page.locator('#ni-applied').textContent(), /1 thủ tục mới/);
    assert.equal((await api('/api/v1/procedures/1.009901')).status, 200);
    // A POST without the form's CSRF token is refused, signed in or not.
    const forged = await page.request.post(server.url + '/quan-tri/thu-tuc/nhap-quoc-gia', {
      multipart: { mode: 'apply', expected_rev: '1', file: other },
    });
    assert.equal(forged.status(), 403);
  } finally {
    await context.close();
  }
});

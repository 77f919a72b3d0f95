// Prefill from the population database (services/natdb; R26, R46) with the national platform's stand-in
// (motcua-national, next to the motcua binary, data/national/population.json): a signed-in citizen on a phone opens
// the e-form of Trợ giúp xã hội đột xuất (2.000751), asks for their data from the population database, and finds
// their residence filled and the fields taken marked "Lấy từ CSDL quốc gia về dân cư"; a value they change loses the
// mark. With the platform down the page says so and the form stays usable. Accessible on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startNationalPortal, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';

let server, browser, portal;
const FORM = '/thu-tuc/2.000751/nop-truc-tuyen';

before(async () => {
  portal = await startNationalPortal();
  server = await startServer(portal.serverArgs);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  portal?.stop();
});

test('the citizen fills the e-form from the population database; the fields taken are marked', async () => {
  await withPage(browser, 'natdb-prefill', async (page, errors) => {
    await signIn(page, server.url, '001090000001');
    await page.goto(server.url + FORM);
    assert.equal(await page.inputValue('#f_chu_ho_noi_cu_tru'), '', 'the account does not know the residence');
    assert.match(await page.locator('[data-prefilled="chu_ho_ho_ten"]').textContent(), /Lấy từ tài khoản/);
    const ask = page.getByRole('button', { name: 'Lấy thông tin từ CSDL quốc gia về dân cư' });
    assert.ok(await ask.isVisible());
    await page.fill('#f_so_nhan_khau', '4');  // typed before asking: kept
    await ask.click();
    await page.waitForLoadState();
    assert.match(await page.locator('#natdb-note').textContent(), /Đã lấy thông tin từ CSDL quốc gia về dân cư/);
    assert.equal(await page.inputValue('#f_chu_ho_noi_cu_tru'), 'Số 12, khu phố 2, thị trấn Bến Sung, tỉnh Thanh Hóa');
    assert.equal(await page.inputValue('#f_so_nhan_khau'), '4');
    // The receiving agency is preselected from the residence (domain/place_match), and the page says so.
    assert.equal(await page.inputValue('#agency'), '000.01.25.H56');
    assert.match(await page.locator('#agency-hint').textContent(), /theo nơi cư trú/);
    for (const f of ['chu_ho_ho_ten', 'chu_ho_ngay_sinh', 'chu_ho_so_dinh_danh', 'chu_ho_noi_cu_tru'])
      assert.match(await page.locator(`[data-prefilled="${f}"]`).textContent(), /Lấy từ CSDL quốc gia về dân cư/, f);
    assert.equal(await page.locator('#natdb-offer').count(), 0, 'asked once; the lookup travels with the form');
    await expectAccessible(page, 'e-form filled from the population database');

    // A changed value is the applicant's own: the mark goes after the next round trip (here a submission the
    // page sends back because the rest of the form is not filled yet).
    await page.fill('#f_chu_ho_noi_cu_tru', 'Thôn 4, thị trấn Bến Sung, tỉnh Thanh Hóa');
    await page.getByRole('button', { name: /Nộp hồ sơ/ }).first().click();
    await page.waitForLoadState();
    assert.equal(await page.locator('[data-prefilled="chu_ho_noi_cu_tru"]').count(), 0);
    assert.match(await page.locator('[data-prefilled="chu_ho_ho_ten"]').textContent(), /CSDL quốc gia về dân cư/);
    assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), []);
  });
});

test('with the platform down the page says so and the form stays usable', async () => {
  portal.control('down');
  try {
    await withPage(browser, 'natdb-down', async (page) => {
      await signIn(page, server.url, '001090000001');
      await page.goto(server.url + FORM);
      await page.getByRole('button', { name: 'Lấy thông tin từ CSDL quốc gia về dân cư' }).click();
      await page.waitForLoadState();
      assert.match(await page.locator('#natdb-error').textContent(), /CSDL quốc gia về dân cư đang không trả lời/);
      assert.equal(await page.inputValue('#f_chu_ho_ho_ten'), 'Nguyễn Văn An', 'the account\'s prefill is still there');
      await expectAccessible(page, 'e-form, population database down');
    });
  } finally {
    portal.control('');
  }
});

test('the desk looks a walk-in applicant up with a purpose and records the intake with it', async () => {
  await withPage(browser, 'natdb-desk', async (page, errors) => {
    await signIn(page, server.url, 'motcua.bensung');
    await page.goto(server.url + '/can-bo/tiep-nhan?thu_tuc=2.000751&co_quan=000.01.25.H56');
    await page.fill('#id_number', '038185000123');
    assert.match(await page.inputValue('#natdb_purpose'), /Tiếp nhận hồ sơ/);
    await page.fill('#natdb_purpose', 'Tiếp nhận hồ sơ hỗ trợ làm nhà ở của bà Mai tại quầy');
    await page.getByRole('button', { name: 'Tra cứu CSDL quốc gia về dân cư theo số định danh' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('#natdb-note').textContent(), /Đã lấy họ tên và nơi cư trú/);
    assert.equal(await page.inputValue('#name'), 'Lê Thị Mai');
    assert.equal(await page.inputValue('#address'), 'Thôn Đồng Mưa, xã Xuân Thái, tỉnh Thanh Hóa');
    await expectAccessible(page, 'desk intake after a population database lookup');
    await page.check('#comp_NO-01');
    await page.click('#intake-accept');
    await page.waitForURL(/\/can-bo\/ho-so\//);
    const id = new URL(page.url()).pathname.split('/').pop();
    const token = await apiToken(server.url, 'motcua.bensung');
    const d = await (await fetch(`${server.url}/api/v1/dossiers/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.equal(d.form_sources['applicant.name'], 'population_db');
    assert.equal(d.form_sources['applicant.address'], 'population_db');
    assert.deepEqual(errors, []);
  });
});

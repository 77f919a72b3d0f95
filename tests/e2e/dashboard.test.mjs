// The supervisor's live dashboard (issue 12, R43) in two browsers: the province supervisor watches the commune's
// dashboard; the desk officer, in another browser, accepts a dossier that was waiting at the desk; within 2 s the
// supervisor's "Chờ tiếp nhận" drops by one and "Đang giải quyết" rises, without a reload, and the status line
// says when. The dashboard and the public KPI pages pass axe at phone and desktop widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, signIn, apiToken, expectAccessible } from './harness.mjs';
import { act, unexpected } from './dossier_helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const COMMUNE = '000.01.25.H56';

async function waitingAtDesk() {
  const desk = await apiToken(server.url, 'motcua.bensung');
  const res = await fetch(server.url + '/api/v1/dossiers', {
    method: 'POST', headers: { Authorization: `Bearer ${desk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ procedure_code: '1.001653', agency_code: COMMUNE, delivery: 'desk', accept: false,
      applicant: { name: 'Lê Văn Chờ', id_number: '038190000888', phone: '0912000888' },
      documents: [{ component_code: 'KTT-01', copy_type: 'original' }] }),
  });
  const d = await res.json();
  assert.equal(res.status, 201, JSON.stringify(d));
  return d.id;
}

const tileValue = (page, id) => page.locator(`#${id} .kpi-value`).textContent();

test('the dashboard follows a transition made in another browser within 2 s', async () => {
  const id = await waitingAtDesk();
  await withPage(browser, 'dashboard-supervisor', async (sup, supErrors) => {
    await signIn(sup, server.url, 'giamsat.thanhhoa');
    await sup.goto(`${server.url}/giam-sat/bang-dieu-khien?agency=${COMMUNE}`);
    const waiting = parseInt(await tileValue(sup, 'tile-waiting-desk'), 10);
    const inProgress = parseInt(await tileValue(sup, 'tile-in-progress'), 10);
    assert.ok(waiting >= 1, `waiting ${waiting}`);
    await expectAccessible(sup, 'live dashboard');
    // The stream is connected once its first snapshot has replaced the live part.
    await sup.waitForFunction(() => /Đã cập nhật lúc/.test(document.getElementById('live-status').textContent), null, { timeout: 5000 });

    await withPage(browser, 'dashboard-desk', async (desk, deskErrors) => {
      await signIn(desk, server.url, 'motcua.bensung');
      await desk.goto(`${server.url}/can-bo/ho-so/${id}`);
      assert.equal(await act(desk, 'accept'), 303);
      assert.deepEqual(unexpected(deskErrors), []);
    }, { width: 1280, height: 800 });
    const t0 = Date.now();
    await sup.waitForFunction(([w]) => {
      const v = document.querySelector('#tile-waiting-desk .kpi-value');
      return v && parseInt(v.textContent, 10) === w - 1;
    }, [waiting], { timeout: 2000, polling: 50 });
    const ms = Date.now() - t0;
    assert.ok(ms < 2000, `updated after ${ms} ms`);
    assert.equal(parseInt(await tileValue(sup, 'tile-in-progress'), 10), inProgress);  // 1 → 2: both count as in progress
    assert.match(await sup.locator('#live-status').textContent(), /Đã cập nhật lúc \d\d:\d\d/);
    await expectAccessible(sup, 'live dashboard after an update');
    assert.deepEqual(unexpected(supErrors), []);
  }, { width: 1280, height: 800 });
});

test('the public KPI pages need no sign-in and pass axe', async () => {
  await withPage(browser, 'public-kpis', async (page, errors) => {
    await page.goto(`${server.url}/`);
    await Promise.all([page.waitForURL(/\/cong-khai$/), page.click('footer a[href="/cong-khai"]')]);
    await expectAccessible(page, 'public agencies');
    await Promise.all([page.waitForURL(new RegExp(`/cong-khai/${COMMUNE.replace(/\./g, '\\.')}$`)), page.click(`#agencies a[href="/cong-khai/${COMMUNE}"]`)]);
    assert.equal(await page.locator('svg.chart[role="img"]').count(), 2);
    assert.equal(await page.locator('#months tbody tr').count(), 12);
    assert.match(await page.locator('#kpi-online .kpi-label').textContent(), /Tỷ lệ hồ sơ trực tuyến/);
    await expectAccessible(page, 'public KPIs of the commune');
    const csv = await page.request.get(server.url + await page.locator('#csv-months').getAttribute('href'));
    assert.equal(csv.status(), 200);
    assert.match((await csv.body()).toString('utf8'), /^\uFEFFTháng,Tiếp nhận/);
    assert.deepEqual(unexpected(errors), []);
  });
});

test('the evaluation page: QĐ 766 index, 9 indicators, officers and forecast, accessible', async () => {
  await withPage(browser, 'report-index', async (page, errors) => {
    await signIn(page, server.url, 'giamsat.thanhhoa');
    await page.goto(`${server.url}/bao-cao/chi-so?agency=${COMMUNE}`);
    assert.equal(await page.locator('#index766 tbody tr').count(), 9);
    assert.match(await page.locator('#index766 tbody').textContent(), /Không có/);  // no data: not 0 points
    assert.equal(await page.locator('#nine').count(), 1);
    assert.equal(await page.locator('#officers').count(), 1);
    assert.equal(await page.locator('#forecast-none, #forecast').count() >= 1, true);
    assert.equal(await page.locator('#post-shares li').count(), 2);
    assert.equal(await page.locator('#monthly-files a').count(), 2);  // R39: this month's and last month's file
    const xlsx = await page.request.get(server.url + await page.locator('#monthly-files a').first().getAttribute('href'));
    assert.equal(xlsx.status(), 200);
    assert.match(xlsx.headers()['content-disposition'], /bao-cao-dvctt-\d{4}-\d{2}\.xlsx/);
    await expectAccessible(page, 'evaluation page');
    await page.fill('#procedure', '9.999999');
    await Promise.all([page.waitForLoadState('load'), page.click('form.filters button[type=submit]')]);
    assert.match(await page.locator('#forecast-problem').textContent(), /Không tìm thấy thủ tục/);
    assert.equal(await page.locator('#index766 tbody tr').count(), 9);  // the rest of the page stands
    assert.deepEqual(unexpected(errors, 404), []);
  }, { width: 1280, height: 800 });
});

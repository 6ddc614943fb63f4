// The page and the <uscc-input> element in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser is downloaded). wasm/www is served on 127.0.0.1; every
// other request is refused, so the page must work offline. Screenshots and timings go to
// target/wasm-artifacts/.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const www = fileURLToPath(new URL('../www', import.meta.url));
const artifacts = fileURLToPath(new URL('../../target/wasm-artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let server, context, page, userDir;
const pageErrors = [];
const foreign = [];

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await serve(www);
  userDir = mkdtempSync(join(tmpdir(), 'uscc-chromium-'));
  context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1000, height: 900 },
    locale: 'zh-CN',
  });
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(server.url)) return route.continue();
    foreign.push(route.request().url());
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  page.setDefaultTimeout(15000);
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDir) rmSync(userDir, { recursive: true, force: true });
});

async function open(file) {
  await page.goto(server.url + file);
  await page.waitForSelector('html[data-ready=true]');
}

const state = () => page.$eval('#result', (r) => ({
  state: r.dataset.state, valid: r.dataset.valid, kind: r.dataset.kind, text: r.textContent,
  invalid: document.querySelector('#code').getAttribute('aria-invalid'),
}));

async function clear() {
  await page.fill('#code', '');
}

describe('the registration page', () => {
  test('typing a real code: a count while typing, then what it encodes', async () => {
    await open('index.html');
    assert.deepEqual(await page.$eval('#result', (r) => [r.getAttribute('role'), r.getAttribute('aria-live')]), ['status', 'polite']);
    assert.equal(await page.$eval('label[for=code]', (l) => l.textContent.includes('统一社会信用代码')), true);
    const code = '91110108551385082Q';
    await page.focus('#code');
    for (let i = 0; i < code.length; i++) {
      await page.keyboard.type(code[i]);
      const s = await state();
      if (i + 1 < code.length) {
        assert.equal(s.state, 'typing', `after ${i + 1} chars: ${s.text}`);
        assert.equal(s.valid, 'false');
        assert.equal(s.kind, 'too_short');
        assert.ok(s.text.includes(`还差 ${code.length - i - 1} 位`), s.text);
        assert.equal(s.invalid, 'false', 'typing is not an error');
        assert.equal(await page.isVisible('#suggestions'), false);
      } else {
        assert.equal(s.state, 'valid', s.text);
        assert.equal(s.valid, 'true');
        assert.equal(s.kind, '');
        assert.ok(s.text.includes('代码有效'));
      }
    }
    const parts = await page.textContent('#parts');
    for (const want of ['登记管理部门', '工商', '机构类别', '企业', '登记管理机关所在地', '北京市', '海淀区', '110108', '主体标识码', '551385082', '校验码']) {
      assert.ok(parts.includes(want), `parts lack ${want}: ${parts}`);
    }
    assert.match(parts, /\d{4}年至今/);
    assert.equal(await page.isVisible('#parts'), true);
    await page.screenshot({ path: join(artifacts, 'page.png'), fullPage: true });
  });

  test('an abolished region shows its full chain and years', async () => {
    await clear();
    await page.type('#code', '91371523551385082' + (await page.evaluate(async () => (await import('./pkg/uscc_wasm.js')).checkChar('91371523551385082').char)));
    const s = await state();
    assert.equal(s.valid, 'true', s.text);
    const parts = await page.textContent('#parts');
    assert.ok(parts.includes('山东省') && parts.includes('聊城市') && parts.includes('茌平县'), parts);
    assert.ok(parts.includes('2019年撤销'), parts);
  });

  test('a wrong check character is highlighted with the reason, and a suggestion fixes it', async () => {
    await clear();
    await page.type('#code', '91110108551385082R');
    const s = await state();
    assert.equal(s.state, 'invalid');
    assert.equal(s.valid, 'false');
    assert.equal(s.kind, 'check_char_mismatch');
    assert.equal(s.invalid, 'true');
    assert.ok(s.text.includes('第18位校验码应为 Q'), s.text);
    const cell = await page.$eval('.cell[data-pos="18"]', (c) => ({ cls: c.className, expected: c.dataset.expected, text: c.textContent }));
    assert.ok(cell.cls.includes('bad'), cell.cls);
    assert.equal(cell.expected, 'Q');
    assert.equal(cell.text, 'R');
    assert.equal(await page.$$eval('.cell.bad', (c) => c.length), 1);
    const buttons = await page.$$eval('#suggestions button', (bs) => bs.map((b) => b.dataset.code));
    assert.equal(buttons[0], '91110108551385082Q');
    await page.screenshot({ path: join(artifacts, 'page-invalid.png'), fullPage: true });
    await page.click('#suggestions button >> nth=0');
    assert.equal(await page.inputValue('#code'), '91110108551385082Q');
    assert.equal((await state()).valid, 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'code');
  });

  test('the first real error shows while typing (not just the count)', async () => {
    await clear();
    await page.type('#code', 'B1');
    const s = await state();
    assert.equal(s.state, 'invalid');
    assert.equal(s.kind, 'invalid_department');
    assert.ok(s.text.includes('第1位'), s.text);
    assert.ok((await page.$eval('.cell[data-pos="1"]', (c) => c.className)).includes('bad'));
  });

  test('messy paste is normalized and says so', async () => {
    await clear();
    const messy = '统一社会信用代码： ９１１１ ０１０８ 5513 8508 2q';
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.evaluate((t) => navigator.clipboard.writeText(t), messy);
    await page.focus('#code');
    await page.keyboard.press('Control+V');
    assert.equal(await page.inputValue('#code'), '91110108551385082Q');
    const s = await state();
    assert.equal(s.valid, 'true', s.text);
    const note = await page.textContent('#normalized-note');
    assert.ok(note.includes('已规范化粘贴内容'), note);
    assert.ok(note.includes('已去掉前面的标签文字'), note);
    assert.ok(note.includes('全角'), note);
    assert.ok(note.includes('空格'), note);
    assert.ok(note.includes('小写'), note);
    await page.screenshot({ path: join(artifacts, 'page-paste.png'), fullPage: true });
  });

  test('keyboard only: Tab to the field, type, Tab to a suggestion, Enter', async () => {
    await open('index.html');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'code'; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'code');
    await page.keyboard.type('91110108551385028Q');
    assert.equal((await state()).kind, 'org_check_mismatch');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.code), '91110108551385082Q');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('#code'), '91110108551385082Q');
    assert.equal((await state()).valid, 'true');
  });

  test('validate() timing in Chromium (reported, not asserted)', async () => {
    const t = await page.evaluate(async () => {
      const m = await import('./pkg/uscc_wasm.js');
      const bench = (f, n = 10000) => {
        for (let i = 0; i < 1000; i++) f();
        const t0 = performance.now();
        for (let i = 0; i < n; i++) f();
        return +((performance.now() - t0) * 1000 / n).toFixed(2);
      };
      return {
        n: 10000,
        'validate(valid) µs': bench(() => m.validate('91110108551385082Q')),
        'validate(wrong check char, with suggestions) µs': bench(() => m.validate('91110108551385082R')),
        'validate(messy paste) µs': bench(() => m.validate('统一社会信用代码：９１１１０１０８ 551385082q')),
        'validate(typing, 9 chars) µs': bench(() => m.validate('911101085')),
        'isValid(valid) µs': bench(() => m.isValid('91110108551385082Q')),
        'suggest(wrong check char) µs': bench(() => m.suggest('91110108551385082R')),
        'region(371523) µs': bench(() => m.region('371523')),
        userAgent: navigator.userAgent,
      };
    });
    writeFileSync(join(artifacts, 'timing.json'), JSON.stringify(t, null, 2));
    console.log('# timing', JSON.stringify(t));
  });
});

describe('<uscc-input> in a form', () => {
  const submit = async () => {
    await page.click('#submit');
    return page.evaluate(() => ({
      blocked: document.querySelector('#blocked').textContent,
      submitted: document.querySelector('#submitted').dataset.uscc ?? null,
      valid: document.querySelector('#demo-form').checkValidity(),
      invalidPseudo: document.querySelector('uscc-input').matches(':invalid'),
    }));
  };

  test('a bad code blocks submission; a good one is submitted normalized', async () => {
    await open('form.html');
    await page.waitForSelector('uscc-input[data-state]');
    let r = await submit();
    assert.equal(r.valid, false);
    assert.ok(r.blocked.includes('请填写统一社会信用代码'), r.blocked);
    assert.equal(r.submitted, null);

    await page.fill('uscc-input input', '91110108551385082R');
    r = await submit();
    assert.equal(r.valid, false);
    assert.equal(r.invalidPseudo, true);
    assert.ok(r.blocked.includes('第18位校验码应为 Q'), r.blocked);
    assert.equal(r.submitted, null);
    assert.equal(await page.$eval('uscc-input', (e) => e.validationMessage), '第18位校验码应为 Q，实为 R');
    await page.screenshot({ path: join(artifacts, 'form-blocked.png'), fullPage: true });

    await page.fill('uscc-input input', '9111010855138508');
    r = await submit();
    assert.equal(r.valid, false, 'a short code is still blocked');
    assert.equal(r.submitted, null);

    await page.fill('uscc-input input', '９１１１０１０８５５１３８５０８２ｑ');
    r = await submit();
    assert.equal(r.valid, true);
    assert.equal(r.invalidPseudo, false);
    assert.equal(r.submitted, '91110108551385082Q');
    assert.ok((await page.textContent('#submitted')).includes('91110108551385082Q'));
    assert.equal(await page.$eval('uscc-input', (e) => e.dataset.state), 'valid');
    await page.screenshot({ path: join(artifacts, 'form.png'), fullPage: true });
  });

  test('the element is labelled, and reset clears it', async () => {
    assert.equal(await page.$eval('uscc-input', (e) => e.shadowRoot.querySelector('input').getAttribute('aria-label')), '统一社会信用代码');
    await page.click('button[type=reset]');
    assert.equal(await page.$eval('uscc-input', (e) => e.value), '');
    assert.equal(await page.evaluate(() => document.querySelector('#demo-form').checkValidity()), false);
  });
});

describe('hygiene', () => {
  test('no page errors, and no request left 127.0.0.1', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(foreign, []);
  });
});

// The Node build (pkg/node, CommonJS) and the web build (pkg/web, ES module) against the
// spec's vectors, every finding kind, suggestions, and hostile input.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkg = fileURLToPath(new URL('../pkg/', import.meta.url));
const u = require(`${pkg}node/uscc_wasm.js`);

const errorKinds = (v) => v.findings.filter((f) => f.severity === 'error').map((f) => f.kind);
const kindsOf = (v) => v.findings.map((f) => f.kind);
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('spec §2.3 vectors', () => {
  const valid = [
    ['91350100M000100Y43', '9', '1', '350100'],
    ['91110108551385082Q', '9', '1', '110108'],
    ['531000005000160090', '5', '3', '100000'],
    ['91320594MA1MBC5030', '9', '1', '320594'],
    ['119900000106319731', '1', '1', '990000'],
    ['71310106424845496E', '7', '1', '310106'],
    ['9111000071093123XX', '9', '1', '110000'],
  ];
  for (const [code, dept, cat, region] of valid) {
    test(`${code} is valid`, () => {
      const v = u.validate(code);
      assert.equal(v.valid, true, JSON.stringify(v.findings));
      assert.equal(v.normalized, code);
      assert.deepEqual(v.suggestions, []);
      assert.equal(v.parts.department, dept);
      assert.equal(v.parts.category, cat);
      assert.equal(v.parts.region, region);
      assert.equal(v.parts.subject_identifier, code.slice(8, 17));
      assert.equal(v.parts.check_char, code[17]);
      assert.equal(u.isValid(code), true);
      assert.equal(u.checkChar(code.slice(0, 17)).char, code[17]);
    });
  }

  test('what a Beijing code encodes', () => {
    const p = u.validate('91110108551385082Q').parts;
    assert.equal(p.department_zh, '工商');
    assert.equal(p.category_zh, '企业');
    assert.deepEqual(p.region_names, ['北京市', '海淀区']);
    assert.equal(p.region_name, '北京市 海淀区');
    assert.equal(p.region_current, true);
    assert.ok(p.region_periods.length >= 1);
  });

  test('a temple: department 7 宗教', () => {
    assert.equal(u.validate('71310106424845496E').parts.department_zh, '宗教');
  });

  test('special registration-authority regions say which', () => {
    for (const code of ['531000005000160090', '91320594MA1MBC5030', '119900000106319731']) {
      assert.ok(kindsOf(u.validate(code)).includes('special_region'), code);
    }
  });

  test('Fujian pilot code: accepted with a warning by default, an error in the assessment', () => {
    const v = u.validate('91350203M0001QKT19');
    assert.equal(v.valid, true);
    const w = v.findings.find((f) => f.kind === 'pilot_code');
    assert.equal(w.severity, 'warning');
    assert.equal(w.expected, 'F');
    assert.equal(w.position, 18);
    const a = u.validate('91350203M0001QKT19', { policy: 'assessment' });
    assert.equal(a.valid, false);
    assert.equal(errorKinds(a)[0], 'pilot_code');
    assert.equal(u.isValid('91350203M0001QKT19', { policy: 'assessment' }), false);
  });

  test('a citizen ID is recognised by name', () => {
    const v = u.validate('362322198709086409');
    assert.equal(v.valid, false);
    assert.equal(errorKinds(v)[0], 'citizen_id');
    assert.equal(v.findings[0].message_zh, '这是18位公民身份号码，不是统一社会信用代码');
  });

  test('spreadsheet damage is not a typo', () => {
    const v = u.validate('916201055811843000');
    assert.equal(v.valid, false);
    assert.equal(errorKinds(v)[0], 'spreadsheet_truncated');
    assert.equal(errorKinds(u.validate('9.13701E+17'))[0], 'scientific_notation');
    // A number straight from a spreadsheet cell is examined as the text the clerk saw.
    assert.equal(u.validate(913701000000000000).normalized, '913701000000000000');
  });
});

describe('spec §6 legacy identifiers', () => {
  test('15-digit 工商注册号', () => {
    const ok = u.validate('310115600985533').findings[0];
    assert.equal(ok.kind, 'registration_number');
    assert.equal(ok.expected, null);
    assert.equal(u.validate('110108000000016').findings[0].expected, null);
    const bad = u.validate('310115600985535').findings[0];
    assert.equal(bad.kind, 'registration_number');
    assert.equal(bad.position, 15);
    assert.equal(bad.expected, '3');
  });
  test('9-character organization code', () => {
    assert.equal(u.validate('55138508-2').findings[0].kind, 'organization_code');
  });
});

describe('check character', () => {
  test('GB 32100 values, remainder 0 gives "0"', () => {
    assert.deepEqual(u.checkChar('91350100M000100Y4'), { ok: true, char: '3', code: '91350100M000100Y43', error: null });
    assert.equal(u.checkChar('53100000500016009').char, '0');
  });
  test('errors are values', () => {
    const e = u.checkChar('123');
    assert.equal(e.ok, false);
    assert.equal(e.char, null);
    assert.equal(e.error.kind, 'length');
    assert.equal(e.error.message_en, 'expected 17 characters, found 3');
    const c = u.checkChar('91350100M000100YO');
    assert.equal(c.error.kind, 'char');
    assert.equal(c.error.position, 17);
    assert.equal(c.error.found, 'O');
  });
});

/** A code with region `region` whose GB 32100 check char would be `want` (searching serials). */
function codeWithCheckChar(region, want) {
  for (let n = 0; n < 100000; n++) {
    const prefix = `91${region}${String(n).padStart(9, '0')}`;
    if (u.checkChar(prefix).char === want) return prefix + want;
  }
  throw new Error('unreachable: one in 31 serials has any check char');
}

describe('every finding kind', () => {
  const abolished = u.checkChar('91371523551385082').code; // 茌平县, 1997–2019
  const unknown = u.checkChar('91379999551385082').code;
  const chengduY = codeWithCheckChar('510104', '1').slice(0, 17) + 'Y';
  const fixtures = {
    empty: [''],
    input_too_long: ['9'.repeat(2000)],
    too_short: ['9135'],
    too_long: ['91350100M000100Y431'],
    invalid_char: ['9135010+M000100Y43'],
    excluded_letter: ['91350100M0001OOY43'],
    invalid_department: ['B1350100M000100Y43'],
    invalid_category: ['96350100M000100Y43'],
    invalid_region: ['91A50100M000100Y43'],
    unknown_region: [unknown],
    region_not_in_year: [abolished, { issueYear: 2022 }],
    abolished_region: [abolished],
    special_region: ['531000005000160090'],
    org_check_mismatch: ['91110108551385083U'],
    check_char_mismatch: ['91110108551385082R'],
    pilot_code: ['91350203M0001QKT19'],
    check_char_y_for_1: [chengduY],
    citizen_id: ['362322198709086409'],
    registration_number: ['310115600985533'],
    organization_code: ['55138508-2'],
    spreadsheet_truncated: ['916201055811843000'],
    scientific_notation: ['9.13701E+17'],
    normalized_label: ['统一社会信用代码：91110108551385082Q'],
    normalized_quote: ["'91110108551385082Q"],
    normalized_invisible: ['\u200B91110108551385082Q\u202E'],
    normalized_fullwidth: ['９１１１０１０８５５１３８５０８２Ｑ'],
    normalized_whitespace: [' 911101 08551385082Q\u3000'],
    normalized_hyphen: ['911101-08551385082Q'],
    normalized_lowercase: ['91110108551385082q'],
  };

  test('kinds() lists every kind once, and each has a fixture here', () => {
    const kinds = u.kinds();
    assert.equal(new Set(kinds).size, kinds.length);
    assert.deepEqual([...kinds].sort(), Object.keys(fixtures).sort(),
      'a new finding kind needs a fixture in wasm/tests/node.test.mjs');
  });

  for (const kind of u.kinds()) {
    test(`${kind} is reachable`, () => {
      const [input, options] = fixtures[kind];
      const v = u.validate(input, options);
      const f = v.findings.find((x) => x.kind === kind);
      assert.ok(f, `${JSON.stringify(input).slice(0, 60)} gave ${kindsOf(v)}`);
      assert.ok(['error', 'warning', 'info'].includes(f.severity));
      assert.ok(f.message_zh.length > 0 && f.message_en.length > 0);
      assert.deepEqual(Object.keys(f), ['kind', 'severity', 'position', 'expected', 'found', 'message_zh', 'message_en']);
    });
  }

  test('messages name the wrong character and what belongs there', () => {
    const f = u.validate('91110108551385082R').findings[0];
    assert.deepEqual(f, {
      kind: 'check_char_mismatch', severity: 'error', position: 18, expected: 'Q', found: 'R',
      message_zh: '第18位校验码应为 Q，实为 R', message_en: 'position 18: check char should be Q, found R',
    });
    const x = u.validate('91350100M0001OOY43').findings[0];
    assert.equal(x.kind, 'excluded_letter');
    assert.equal(x.position, 14);
    assert.equal(x.expected, '0');
    assert.equal(x.found, 'O');
  });

  test('while typing, the only error is the count', () => {
    const v = u.validate('9137');
    assert.deepEqual(kindsOf(v), ['too_short']);
    assert.match(v.findings[0].message_zh, /还差 14 位/);
    assert.deepEqual(kindsOf(u.validate('B')), ['too_short', 'invalid_department']);
  });
});

describe('suggestions', () => {
  test('a wrong check char', () => {
    const s = u.suggest('91110108551385082R');
    assert.equal(s[0].code, '91110108551385082Q');
    assert.deepEqual(s[0].edit, { edit: 'substitute', position: 18, from: 'R', to: 'Q' });
    assert.equal(s[0].description_zh, '第18位 R→Q');
    assert.equal(s[0].description_en, 'position 18: R→Q');
    assert.deepEqual(u.validate('91110108551385082R').suggestions, s.map((x) => x.code));
  });
  test('a transposition, look-alikes, a lost character', () => {
    const t = u.suggest('91350100M000100Y34')[0];
    assert.equal(t.code, '91350100M000100Y43');
    assert.deepEqual(t.edit, { edit: 'transpose', position: 17 });
    const l = u.suggest('91350100M0001OOY43')[0];
    assert.equal(l.code, '91350100M000100Y43');
    assert.equal(l.edit.edit, 'lookalikes');
    const i = u.suggest('91350100M00100Y43');
    assert.ok(i.some((x) => x.code === '91350100M000100Y43' && x.edit.edit === 'insert'));
    const d = u.suggest('91350100M0001000Y43');
    assert.ok(d.some((x) => x.code === '91350100M000100Y43' && x.edit.edit === 'delete'));
  });
  test('spreadsheet completions', () => {
    const s = u.suggest('916201055811843000');
    assert.ok(s.length > 0);
    assert.ok(s.every((x) => x.edit.edit === 'completion' && x.code.startsWith('916201055811843')));
  });
  test('every suggestion is valid; none for a valid code', () => {
    for (const bad of ['91110108551385082R', '91350100M000100Y34', '91350100M0001OOY43', '916201055811843000']) {
      for (const s of u.suggest(bad)) assert.equal(u.isValid(s.code), true, s.code);
      assert.ok(u.suggest(bad).length <= 8);
    }
    assert.deepEqual(u.suggest('91350100M000100Y43'), []);
  });
});

describe('normalize', () => {
  test('messy paste', () => {
    const n = u.normalize(' 统一社会信用代码：９１３５ ０１００-m000100y43');
    assert.equal(n.ok, true);
    assert.equal(n.text, '91350100M000100Y43');
    assert.deepEqual(n.changes.map((c) => c.finding_kind),
      ['normalized_label', 'normalized_fullwidth', 'normalized_whitespace', 'normalized_hyphen', 'normalized_lowercase']);
    assert.deepEqual(n.changes.map((c) => c.kind), ['label', 'full_width', 'whitespace', 'hyphen', 'lowercase']);
    assert.equal(n.error, null);
  });
  test('canonical input is unchanged; too long is an error value', () => {
    assert.deepEqual(u.normalize('91350100M000100Y43'), { ok: true, text: '91350100M000100Y43', changes: [], error: null });
    const e = u.normalize('9'.repeat(5000));
    assert.equal(e.ok, false);
    assert.equal(e.text, null);
    assert.equal(e.error.kind, 'input_too_long');
  });
});

describe('region', () => {
  test('an abolished county keeps its years', () => {
    const r = u.region('371523');
    assert.equal(r.name, '茌平县');
    assert.deepEqual(r.names, ['山东省', '聊城市', '茌平县']);
    assert.equal(r.chain, '山东省 聊城市 茌平县');
    assert.equal(r.level, 'county');
    assert.equal(r.current, false);
    assert.equal(r.abolished, 2019);
    assert.equal(r.periods.at(-1).end, 2019);
    assert.equal(u.region('371503').current, true);
  });
  test('special codes and misses', () => {
    assert.equal(u.region('100000').kind, 'special');
    assert.equal(u.region('990000').kind, 'special');
    assert.equal(u.region('000000'), null);
    assert.equal(u.region('12345'), null);
    assert.equal(u.region(''), null);
    assert.equal(u.region(null), null);
  });
});

describe('hostile input returns values', () => {
  const everything = (x) => {
    const v = u.validate(x);
    assert.equal(typeof v.valid, 'boolean');
    assert.ok(Array.isArray(v.findings));
    assert.equal(u.isValid(x), v.valid);
    assert.ok(Array.isArray(u.suggest(x)));
    assert.equal(typeof u.normalize(x).ok, 'boolean');
    u.checkChar(x);
    u.region(x);
    return v;
  };

  test('a 10 MB string', () => {
    const big = '9'.repeat(10 * 1024 * 1024);
    const v = everything(big);
    assert.equal(v.valid, false);
    assert.equal(v.normalized, null);
    assert.equal(v.findings[0].kind, 'input_too_long');
    assert.match(v.findings[0].message_zh, /10485760 字节/);
    assert.deepEqual(u.suggest(big), []);
  });
  test('NUL', () => {
    assert.equal(everything('\0').valid, false);
    assert.equal(errorKinds(everything('91350100M000100Y4\0'))[0], 'invalid_char');
  });
  test('zero-width and bidi characters around and inside a valid code', () => {
    const v = everything('\u200B\u200C\u200D\uFEFF9135\u202E0100M000100Y43\u2066\u2069');
    assert.equal(v.valid, true);
    assert.equal(v.normalized, '91350100M000100Y43');
    assert.ok(kindsOf(v).includes('normalized_invisible'));
  });
  test('emoji', () => {
    const v = everything('91350100M000100Y4😀');
    assert.equal(v.valid, false);
    const f = v.findings.find((x) => x.kind === 'invalid_char');
    assert.equal(f.position, 18);
    everything('😀'.repeat(600));
  });
  test('lone surrogates', () => {
    for (const s of ['\uD800', '\uDFFF', '91350100M000100Y4\uD83D', '\uDC00' + '91350100M000100Y43']) {
      assert.equal(everything(s).valid, false, JSON.stringify(s));
    }
  });
  test('non-string arguments', () => {
    for (const x of [undefined, null]) assert.equal(u.validate(x).findings[0].kind, 'empty');
    for (const x of [42, true, {}, [], 12n, Symbol('x'), { toString() { throw new Error('no'); } }]) {
      assert.equal(typeof u.validate(x).valid, 'boolean');
    }
  });
  test('random text never throws, and isValid agrees with validate', () => {
    let seed = 12345;
    const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pool = ALPHABET + 'IOSVZ io -–—：:\'"=\u3000\u200B\u202E０９Ａｚ统一社会信用代码\uD800\uDC00😀\0';
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const len = rnd(24);
      for (let j = 0; j < len; j++) s += pool[rnd(pool.length)];
      const v = u.validate(s);
      assert.equal(u.isValid(s), v.valid, JSON.stringify(s));
      if (v.valid) assert.equal(v.parts.check_char, v.normalized[17]);
    }
  });
  test('malformed options throw a TypeError (a programming error, not input)', () => {
    assert.throws(() => u.validate('x', { policy: 'bogus' }), TypeError);
    assert.throws(() => u.validate('x', { polcy: 'strict' }), TypeError);
    assert.throws(() => u.validate('x', { issueYear: 'soon' }), TypeError);
    assert.throws(() => u.validate('x', 'strict'), TypeError);
    assert.equal(u.validate('x', {}).valid, false);
    assert.equal(u.validate('x', undefined).valid, false);
  });
});

describe('options', () => {
  test('strict regions reject an unknown region the counter accepts', () => {
    const unknown = u.checkChar('91379999551385082').code;
    assert.equal(u.validate(unknown).valid, true);
    assert.equal(u.validate(unknown).findings[0].severity, 'warning');
    assert.equal(u.validate(unknown, { regions: 'strict' }).valid, false);
    assert.equal(u.validate(unknown, { policy: 'strict' }).valid, false);
  });
  test('orgCheck and issuedAnomalies levels', () => {
    assert.equal(u.validate('91110108551385083U').valid, true);
    assert.equal(u.validate('91110108551385083U', { orgCheck: 'error' }).valid, false);
    assert.equal(u.validate('91350203M0001QKT19', { issuedAnomalies: 'off' }).findings[0].kind, 'check_char_mismatch');
  });
});

describe('package', () => {
  test('TypeScript declarations generated from the Rust types', () => {
    for (const t of ['web', 'node']) {
      const d = readFileSync(`${pkg}${t}/uscc_wasm.d.ts`, 'utf8');
      for (const sig of [
        'export function validate(code: string, options?: Options): Verdict;',
        'export function suggest(code: string, options?: Options): Suggestion[];',
        'export function normalize(code: string): NormalizeResult;',
        'export function checkChar(prefix17: string): CheckCharResult;',
        'export function region(code6: string): RegionInfo | null;',
        'export function kinds(): string[];',
        'export interface Verdict {',
        'export interface Finding {',
        'export interface Parts {',
        'export type Severity = "error" | "warning" | "info";',
      ]) assert.ok(d.includes(sig), `${t}: ${sig}`);
    }
  });
  test('the ES module build works too', async () => {
    const web = await import(`${pkg}web/uscc_wasm.js`);
    web.initSync({ module: readFileSync(`${pkg}web/uscc_wasm_bg.wasm`) });
    assert.equal(web.validate('91350100M000100Y43').valid, true);
    assert.equal(web.version(), u.version());
  });
  test('the package carries the notices of the region data', () => {
    const manifest = JSON.parse(readFileSync(`${pkg}package.json`, 'utf8'));
    assert.ok(manifest.files.includes('THIRD_PARTY.md'));
    const notice = readFileSync(`${pkg}THIRD_PARTY.md`, 'utf8');
    assert.match(notice, /CC BY 4\.0/);
    assert.match(notice, /BSD-3-Clause/);
  });
  test('the Node build is CommonJS', () => {
    assert.deepEqual(JSON.parse(readFileSync(`${pkg}node/package.json`, 'utf8')), { type: 'commonjs' });
  });
});

// The registration-counter page. Every verdict, message, suggestion and name comes from the
// wasm package (the `uscc` rules); this file only lays them out.
import init, { validate, suggest, normalize, region } from './pkg/uscc_wasm.js';

// The cell strip shows the 18 positions of a code in their five parts.
const LENGTH = 18;
const GROUPS = [
  { from: 1, to: 1, label: '部门' },
  { from: 2, to: 2, label: '类别' },
  { from: 3, to: 8, label: '登记管理机关行政区划码' },
  { from: 9, to: 17, label: '主体标识码' },
  { from: 18, to: 18, label: '校验码' },
];

const $ = (sel) => document.querySelector(sel);
const input = $('#code');
const result = $('#result');
const cells = $('#cells');
const suggestionsBox = $('#suggestions');
const partsBox = $('#parts');

/** Normalization notes from the last paste (or leaving the field), shown until the next edit. */
let pasteNotes = [];
let pasteLabel = '';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function buildCells() {
  for (const g of GROUPS) {
    const group = el('div', { class: 'group' });
    const row = el('div', { class: 'group-cells' });
    for (let p = g.from; p <= g.to; p++) row.append(el('span', { class: 'cell', 'data-pos': String(p) }));
    group.append(row, el('div', { class: 'group-label', text: g.label }));
    cells.append(group);
  }
}

function renderCells(text, findings) {
  const chars = [...(text ?? '')];
  const byPos = new Map();
  for (const f of findings) {
    if (f.position == null || f.severity === 'info' || byPos.has(f.position)) continue;
    byPos.set(f.position, f);
  }
  for (const cell of cells.querySelectorAll('.cell')) {
    const p = Number(cell.dataset.pos);
    const f = byPos.get(p);
    cell.textContent = chars[p - 1] ?? '';
    cell.className = 'cell' + (chars[p - 1] ? ' filled' : '') + (f ? (f.severity === 'error' ? ' bad' : ' warn') : '');
    if (f) {
      cell.title = f.message_zh;
      if (f.expected) cell.dataset.expected = f.expected; else delete cell.dataset.expected;
    } else {
      cell.removeAttribute('title');
      delete cell.dataset.expected;
    }
  }
}

function messageList(findings, cls) {
  if (!findings.length) return null;
  const ul = el('ul', { class: 'messages ' + cls });
  for (const f of findings) ul.append(el('li', { 'data-kind': f.kind, text: f.message_zh }));
  return ul;
}

function setResult(state, valid, kind, headline, ...details) {
  result.dataset.state = state;
  result.dataset.valid = String(valid);
  result.dataset.kind = kind;
  result.replaceChildren(el('p', { class: 'headline', text: headline }), ...details.filter(Boolean));
  input.setAttribute('aria-invalid', String(state === 'invalid'));
}

function renderSuggestions(normalized, verdict) {
  suggestionsBox.replaceChildren();
  if (verdict.valid || !verdict.suggestions.length) { suggestionsBox.hidden = true; return; }
  const list = suggest(verdict.input);
  suggestionsBox.append(el('p', { class: 'suggest-title', id: 'suggest-title', text: '您是不是要输入：' }));
  const group = el('div', { class: 'suggest-list', role: 'group', 'aria-labelledby': 'suggest-title' });
  const typed = [...(normalized ?? '')];
  for (const s of list) {
    const code = el('span', { class: 'suggest-code' });
    [...s.code].forEach((c, i) => code.append(c === typed[i] ? c : el('mark', { text: c })));
    const b = el('button', { type: 'button', class: 'suggest', 'data-code': s.code, 'aria-label': `${s.code}（${s.description_zh}）` },
      code, el('span', { class: 'suggest-edit', text: s.description_zh }));
    b.addEventListener('click', () => {
      input.value = s.code;
      typing = false;
      pasteNotes = [];
      update();
      input.focus();
    });
    group.append(b);
  }
  suggestionsBox.append(group);
  suggestionsBox.hidden = false;
}

function yearsText(periods) {
  return periods.map((p) => (p.end == null ? `${p.start}年至今` : `${p.start}—${p.end}年`)).join('，');
}

function renderParts(verdict) {
  const dl = partsBox.querySelector('dl');
  dl.replaceChildren();
  const p = verdict.parts;
  if (!p) { partsBox.hidden = true; return; }
  const row = (term, ...desc) => dl.append(el('div', { class: 'row' }, el('dt', { text: term }), el('dd', {}, ...desc)));
  row('登记管理部门', el('span', { class: 'code-char', text: p.department }), ` ${p.department_zh}`);
  row('机构类别', el('span', { class: 'code-char', text: p.category }), ` ${p.category_zh}`);
  const r = region(p.region);
  const place = el('span', { class: 'chain' });
  if (p.region_names.length) {
    p.region_names.forEach((n, i) => { if (i) place.append(el('span', { class: 'sep', 'aria-hidden': 'true', text: ' › ' })); place.append(n); });
  } else {
    place.append('（区划码不在行政区划代码表中）');
  }
  const years = r ? yearsText(r.periods) : p.region_periods.join('，');
  const status = r && !r.current ? `，${r.abolished}年撤销，代码终身有效` : '';
  row('登记管理机关所在地', place, el('span', { class: 'muted', text: `（区划码 ${p.region}${years ? '，' + years : ''}${status}）` }));
  const org = p.subject_identifier;
  row('主体标识码', el('span', { class: 'mono', text: org }), el('span', { class: 'muted', text: `（组织机构代码 ${org.slice(0, 8)}-${org.slice(8)}）` }));
  row('校验码', el('span', { class: 'code-char', text: p.check_char }));
  partsBox.hidden = false;
}

/**
 * Recognising another identifier by its length (a 9-character organization code, a
 * 15-digit registration number) is news when it was pasted, but only a waypoint while a
 * code is typed one character at a time: then it is shown as a hint under the count.
 */
const WAYPOINT_KINDS = new Set(['organization_code', 'registration_number']);
let typing = false;

function update() {
  const raw = input.value;
  const v = validate(raw);
  const errors = v.findings.filter((f) => f.severity === 'error');
  const warnings = v.findings.filter((f) => f.severity === 'warning');
  const infos = v.findings.filter((f) => f.severity === 'info' && !f.kind.startsWith('normalized_'));
  const normalizedNotes = v.findings.filter((f) => f.kind.startsWith('normalized_'));
  const notes = pasteNotes.length ? pasteNotes : normalizedNotes;
  const noteList = notes.length
    ? el('div', { class: 'normalized-note', id: 'normalized-note' },
        el('span', { class: 'note-label', text: pasteNotes.length ? pasteLabel : '已按规范读取：' }),
        el('span', { text: notes.map((f) => f.message_zh).join('；') }))
    : null;
  renderCells(v.normalized, v.findings);

  const typed = [...(v.normalized ?? '')].length;
  // The primary error: while typing, "too short" alone is a count, not an error.
  const hints = typing ? errors.filter((f) => WAYPOINT_KINDS.has(f.kind)) : [];
  const real = errors.filter((f) => f.kind !== 'too_short' && !hints.includes(f));
  if (raw.trim() === '' || errors[0]?.kind === 'empty') {
    setResult('empty', false, 'empty', '请输入 18 位统一社会信用代码');
  } else if (errors.length && !real.length) {
    setResult('typing', false, 'too_short', `还差 ${LENGTH - typed} 位`,
      el('p', { class: 'detail', text: `已输入 ${typed} 位，共 ${LENGTH} 位` }),
      hints.length ? el('p', { class: 'detail hint', text: `提示：${hints[0].message_zh}` }) : null, noteList);
  } else if (!v.valid) {
    const first = real[0];
    setResult('invalid', false, first.kind, first.message_zh,
      messageList(real.slice(1).concat(errors.filter((f) => f.kind === 'too_short')), 'errors'),
      messageList(warnings, 'warnings'), noteList);
  } else {
    setResult('valid', true, '', warnings.length ? '代码有效（请留意以下提示）' : '代码有效',
      messageList(warnings, 'warnings'), messageList(infos, 'infos'), noteList);
  }
  // "Did you mean" only for a code that is wrong, not for one still being typed.
  renderSuggestions(v.normalized, result.dataset.state === 'invalid' ? v : { valid: true });
  renderParts(v);
}

function applyNormalized(text, label) {
  typing = false;
  const v = validate(text);
  const n = normalize(text);
  if (n.ok && n.changes.length) {
    input.value = n.text;
    pasteNotes = v.findings.filter((f) => f.kind.startsWith('normalized_'));
    pasteLabel = label;
  } else {
    input.value = text;
    pasteNotes = [];
  }
  update();
}

input.addEventListener('input', (e) => {
  typing = /^(insertText|insertCompositionText|deleteContent)/.test(e.inputType ?? '');
  pasteNotes = [];
  update();
});
input.addEventListener('paste', (e) => {
  const pasted = e.clipboardData?.getData('text/plain');
  if (pasted == null) return;
  e.preventDefault();
  const { selectionStart: a, selectionEnd: b, value } = input;
  applyNormalized(value.slice(0, a ?? value.length) + pasted + value.slice(b ?? value.length), '已规范化粘贴内容：');
  input.setSelectionRange(input.value.length, input.value.length);
});
// On leaving the field, show the code as it will be stored.
input.addEventListener('change', () => {
  const n = normalize(input.value);
  if (n.ok && n.changes.length && input.value.trim() !== '') applyNormalized(input.value, '已规范化：');
});

buildCells();
await init();
update();
document.documentElement.dataset.ready = 'true';

// <uscc-input name="…">: a drop-in, form-associated field for a unified social credit code.
//
//   <script type="module" src="uscc-input.js"></script>
//   <form>
//     <label for="c">统一社会信用代码</label>
//     <uscc-input id="c" name="uscc" required></uscc-input>
//     <button>提交</button>
//   </form>
//
// It takes part in form validation through ElementInternals: while the code is wrong the
// element is :invalid with the rule's message (setCustomValidity semantics), so the form
// cannot be submitted. The submitted value is the normalized code (e.g. full-width or lower
// case input is sent as the canonical 18 characters). Every verdict and message comes from
// the `uscc` rules in the wasm package.
//
// Attributes: name, value (initial), required, disabled, placeholder, policy
// (counter | assessment | strict). Properties: value, form, name, validity,
// validationMessage, willValidate, verdict; methods checkValidity(), reportValidity().
// Event: `uscc-verdict` (detail: the verdict) after every change.
import init, { validate } from './pkg/uscc_wasm.js';

const ready = init();

const template = document.createElement('template');
template.innerHTML = `
<style>
  :host { display: block; font: inherit; }
  :host([hidden]) { display: none; }
  input { box-sizing: border-box; width: 100%; font: 18px/1.4 "DejaVu Sans Mono", Consolas, Menlo, monospace;
    letter-spacing: 1px; padding: 8px 10px; border: 1px solid #aab3bd; border-radius: 4px; background: #fff; color: inherit; }
  input:focus { outline: 3px solid #1f6feb; outline-offset: 1px; }
  :host([data-state=invalid]) input { border-color: #c62828; }
  :host([data-state=valid]) input { border-color: #1a7f37; }
  .msg { min-height: 1.5em; margin-top: 4px; font-size: 14px; color: #5b6470; }
  :host([data-state=invalid]) .msg { color: #c62828; }
  :host([data-state=valid]) .msg { color: #1a7f37; }
</style>
<input part="input" type="text" spellcheck="false" autocomplete="off" autocapitalize="characters">
<div class="msg" part="message" aria-live="polite"></div>`;

const LENGTH = 18;
const LOADING = '正在加载校验程序…';

export class UsccInput extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ['value', 'required', 'disabled', 'placeholder', 'policy'];

  #internals;
  #input;
  #msg;
  #verdict = null;
  #loaded = false;

  constructor() {
    super();
    this.#internals = this.attachInternals();
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.append(template.content.cloneNode(true));
    this.#input = root.querySelector('input');
    this.#msg = root.querySelector('.msg');
    this.#msg.id = 'msg';
    this.#input.setAttribute('aria-describedby', 'msg');
    this.#input.addEventListener('input', () => this.#update());
    this.#input.addEventListener('change', () => this.dispatchEvent(new Event('change', { bubbles: true })));
    this.#internals.setValidity({ customError: true }, LOADING, this.#input);
  }

  connectedCallback() {
    if (this.hasAttribute('value') && !this.#input.value) this.#input.value = this.getAttribute('value');
    this.#syncLabel();
    ready.then(() => { this.#loaded = true; this.#update(); },
      () => this.#internals.setValidity({ customError: true }, '校验程序加载失败', this.#input));
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'value') { if (!this.#input.value) this.#input.value = value ?? ''; }
    else if (name === 'placeholder') this.#input.placeholder = value ?? '';
    else if (name === 'disabled') this.#input.disabled = value !== null;
    else if (name === 'required') this.#input.required = value !== null;
    this.#update();
  }

  formResetCallback() { this.#input.value = this.getAttribute('value') ?? ''; this.#update(); }
  formStateRestoreCallback(state) { this.#input.value = typeof state === 'string' ? state : ''; this.#update(); }
  formDisabledCallback(disabled) { this.#input.disabled = disabled; }

  get value() { return this.#input.value; }
  set value(v) { this.#input.value = v == null ? '' : String(v); this.#update(); }
  get name() { return this.getAttribute('name'); }
  get form() { return this.#internals.form; }
  get labels() { return this.#internals.labels; }
  get validity() { return this.#internals.validity; }
  get validationMessage() { return this.#internals.validationMessage; }
  get willValidate() { return this.#internals.willValidate; }
  /** The last verdict (`validate()` of the wasm package), or null while empty or loading. */
  get verdict() { return this.#verdict; }
  checkValidity() { return this.#internals.checkValidity(); }
  reportValidity() { return this.#internals.reportValidity(); }

  #validate(raw) {
    const policy = this.getAttribute('policy');
    try {
      return validate(raw, policy ? { policy } : undefined);
    } catch (e) {
      // An unknown policy name is the page author's mistake: say so, and use the default.
      console.error(`<uscc-input policy="${policy}">: ${e.message}`);
      return validate(raw);
    }
  }

  #syncLabel() {
    const text = [...this.#internals.labels].map((l) => l.textContent.replace(/\*/g, '').trim()).join(' ');
    if (text) this.#input.setAttribute('aria-label', text);
    else if (this.hasAttribute('aria-label')) this.#input.setAttribute('aria-label', this.getAttribute('aria-label'));
  }

  #set(state, message, validity, formValue) {
    this.dataset.state = state;
    this.#msg.textContent = message;
    this.#input.setAttribute('aria-invalid', String(state === 'invalid'));
    this.#internals.setFormValue(formValue, this.#input.value);
    if (validity) this.#internals.setValidity(validity, message, this.#input);
    else this.#internals.setValidity({});
  }

  #update() {
    if (!this.#loaded) return;
    const raw = this.#input.value;
    if (raw.trim() === '') {
      this.#verdict = null;
      this.dataset.state = 'empty';
      this.#msg.textContent = '';
      this.#input.setAttribute('aria-invalid', 'false');
      this.#internals.setFormValue('', '');
      if (this.hasAttribute('required')) {
        this.#internals.setValidity({ valueMissing: true }, '请填写统一社会信用代码', this.#input);
      } else {
        this.#internals.setValidity({});
      }
    } else {
      const v = this.#validate(raw);
      this.#verdict = v;
      const errors = v.findings.filter((f) => f.severity === 'error');
      if (v.valid) {
        const p = v.parts;
        this.#set('valid', `✓ ${p.department_zh} · ${p.category_zh} · ${p.region_name ?? p.region}`, null, v.normalized);
      } else if (errors.every((f) => f.kind === 'too_short')) {
        // While typing: a count, not an alarm; the form is still blocked with the rule's message.
        const left = LENGTH - [...(v.normalized ?? '')].length;
        this.dataset.state = 'typing';
        this.#msg.textContent = `还差 ${left} 位`;
        this.#input.setAttribute('aria-invalid', 'false');
        this.#internals.setFormValue(raw, raw);
        this.#internals.setValidity({ customError: true }, errors[0].message_zh, this.#input);
      } else {
        const first = errors.find((f) => f.kind !== 'too_short') ?? errors[0];
        this.#set('invalid', first.message_zh, { customError: true }, raw);
      }
    }
    this.dispatchEvent(new CustomEvent('uscc-verdict', { detail: this.#verdict, bubbles: true }));
  }
}

if (!customElements.get('uscc-input')) customElements.define('uscc-input', UsccInput);

'use strict';
/**
 * Just enough of a browser DOM for secrecy-review-gate.js: elements in a tree, events with a
 * capture and a bubble phase (stopPropagation / stopImmediatePropagation / preventDefault),
 * button clicks that submit their form, <dialog>, and simple selectors (#id, .class, tag, a, b).
 */

class FakeEvent {
  constructor(type, init = {}) {
    this.type = type;
    this.bubbles = init.bubbles !== false;
    this.cancelable = init.cancelable !== false;
    this.defaultPrevented = false;
    this.submitter = init.submitter || null;
    this.target = null;
    this.currentTarget = null;
    this._stop = false;
    this._stopNow = false;
  }

  preventDefault() {
    if (this.cancelable) {
      this.defaultPrevented = true;
    }
  }

  stopPropagation() {
    this._stop = true;
  }

  stopImmediatePropagation() {
    this._stop = true;
    this._stopNow = true;
  }
}

class EventTargetNode {
  constructor() {
    this._listeners = [];
  }

  addEventListener(type, fn, capture) {
    const c = typeof capture === 'object' ? !!capture.capture : !!capture;
    this._listeners.push({ type, fn, capture: c });
  }

  removeEventListener(type, fn, capture) {
    const c = typeof capture === 'object' ? !!capture.capture : !!capture;
    this._listeners = this._listeners.filter((l) => !(l.type === type && l.fn === fn && l.capture === c));
  }

  _invoke(event, phase) {
    for (const l of this._listeners.slice()) {
      if (l.type !== event.type) continue;
      if (phase === 'capture' && !l.capture) continue;
      if (phase === 'bubble' && l.capture) continue;
      event.currentTarget = this;
      l.fn.call(this, event);
      if (event._stopNow) return;
    }
  }

  /** Capture from the document down, target, then bubble up (as in the DOM spec). */
  dispatchEvent(event) {
    event.target = this;
    const path = [];
    for (let n = this.parentNode; n; n = n.parentNode) path.push(n);
    for (let i = path.length - 1; i >= 0 && !event._stop; i--) path[i]._invoke(event, 'capture');
    if (!event._stop) this._invoke(event, 'target');
    if (event.bubbles) {
      for (let i = 0; i < path.length && !event._stop; i++) path[i]._invoke(event, 'bubble');
    }
    return !event.defaultPrevented;
  }
}

class FakeElement extends EventTargetNode {
  constructor(tagName, ownerDocument) {
    super();
    this.tagName = tagName.toUpperCase();
    this.ownerDocument = ownerDocument;
    this.parentNode = null;
    this.childNodes = [];
    this.attributes = {};
    this.style = { cssText: '' };
    this._text = '';
    this.disabled = false;
    if (this.tagName === 'TEXTAREA' || this.tagName === 'INPUT') this.value = '';
    if (this.tagName === 'FORM') this.submissions = 0;
    if (this.tagName === 'DIALOG' && ownerDocument.supportsDialog) {
      this.open = false;
      this.showModal = () => {
        this.open = true;
      };
      this.close = () => {
        this.open = false;
      };
    }
  }

  get id() {
    return this.attributes.id || '';
  }

  set id(v) {
    this.attributes.id = v;
  }

  get className() {
    return this.attributes.class || '';
  }

  get firstChild() {
    return this.childNodes[0] || null;
  }

  get children() {
    return this.childNodes;
  }

  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }

  getAttribute(name) {
    return name in this.attributes ? this.attributes[name] : null;
  }

  removeAttribute(name) {
    delete this.attributes[name];
  }

  appendChild(child) {
    if (child.parentNode) child.parentNode.removeChild(child);
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }

  removeChild(child) {
    this.childNodes = this.childNodes.filter((c) => c !== child);
    child.parentNode = null;
    return child;
  }

  contains(node) {
    for (let n = node; n; n = n.parentNode) if (n === this) return true;
    return false;
  }

  get textContent() {
    return this._text + this.childNodes.map((c) => c.textContent).join('');
  }

  set textContent(v) {
    this.childNodes = [];
    this._text = String(v);
  }

  /** Serialises children; text is escaped, so markup in text never becomes elements. */
  get innerHTML() {
    if (this._html !== undefined) return this._html;
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return esc(this._text) + this.childNodes.map((c) => `<${c.tagName.toLowerCase()}>${c.innerHTML}</${c.tagName.toLowerCase()}>`).join('');
  }

  set innerHTML(v) {
    this._html = String(v);
  }

  get form() {
    for (let n = this.parentNode; n; n = n.parentNode) if (n.tagName === 'FORM') return n;
    return null;
  }

  focus() {
    this.ownerDocument.activeElement = this;
  }

  click() {
    if (this.disabled) return;
    const ev = new FakeEvent('click');
    const notPrevented = this.dispatchEvent(ev);
    const type = (this.attributes.type || 'submit').toLowerCase();
    if (notPrevented && this.tagName === 'BUTTON' && type === 'submit' && this.form) {
      this.form.requestSubmit(this);
    }
  }

  requestSubmit(submitter) {
    const ev = new FakeEvent('submit', { submitter: submitter || null });
    if (this.dispatchEvent(ev)) this.submissions++;
  }

  submit() {
    this.submissions++;
  }

  querySelectorAll(selector) {
    const out = [];
    const walk = (n) => {
      for (const c of n.childNodes) {
        if (matchesSelector(c, selector)) out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }

  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
}

function matchesSelector(el, selector) {
  return selector.split(',').some((part) => {
    const s = part.trim();
    const m = /^([a-zA-Z]*)(#[\w-]+)?(\.[\w-]+)?$/.exec(s);
    if (!m) throw new Error('fake DOM: unsupported selector ' + s);
    if (m[1] && el.tagName !== m[1].toUpperCase()) return false;
    if (m[2] && el.id !== m[2].slice(1)) return false;
    if (m[3] && !(' ' + el.className + ' ').includes(' ' + m[3].slice(1) + ' ')) return false;
    return !!(m[1] || m[2] || m[3]);
  });
}

class FakeDocument extends EventTargetNode {
  constructor({ supportsDialog = true } = {}) {
    super();
    this.supportsDialog = supportsDialog;
    this.parentNode = null;
    this.readyState = 'complete';
    this.currentScript = null;
    this.activeElement = null;
    this.documentElement = new FakeElement('html', this);
    this.documentElement.parentNode = this;
    this.body = new FakeElement('body', this);
    this.documentElement.appendChild(this.body);
  }

  createElement(tag) {
    return new FakeElement(tag, this);
  }

  querySelectorAll(selector) {
    return this.documentElement.querySelectorAll(selector);
  }

  querySelector(selector) {
    return this.documentElement.querySelector(selector);
  }

  getElementById(id) {
    return this.querySelector('#' + id);
  }
}

/** Builds a tag tree: h('form', {id: 'f'}, h('button', {id: 'publish'})). */
function h(doc, tag, attrs = {}, ...children) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'value') el.value = v;
    else if (k === 'html') el.innerHTML = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) el.appendChild(c);
  return el;
}

module.exports = { FakeDocument, FakeEvent, h };

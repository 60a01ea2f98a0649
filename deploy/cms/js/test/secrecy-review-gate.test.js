'use strict';
// Run: node --test deploy/cms/js/test/
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { FakeDocument, FakeEvent, h } = require('./fake-dom');
const Gate = require(path.join(__dirname, '..', 'secrecy-review-gate.js'));

const SERVICE = 'https://review.example.gov.cn';
const REMINDERS = ['保密提醒：涉密不上网，上网不涉密。', '门户网站发布的信息须与审批通过的稿件完全一致。'];

/** A fake fetch: answers the reminders endpoint itself and the gate from a script. */
function fakeFetch(gateAnswers) {
  const calls = [];
  const fetch = (url, init) => {
    calls.push({ url, init });
    if (url.startsWith(SERVICE + '/api/v1/reminders')) {
      return Promise.resolve(response(200, { channel: 'WEBSITE', label: '门户网站', reminders: REMINDERS }));
    }
    const next = gateAnswers.shift();
    if (!next) return Promise.reject(new TypeError('Failed to fetch'));
    return typeof next === 'function' ? next() : Promise.resolve(next);
  };
  fetch.calls = calls;
  fetch.gateCalls = () => calls.filter((c) => c.url === SERVICE + '/api/v1/publish-gate');
  return fetch;
}

function response(status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, ok: status >= 200 && status < 300, text: () => Promise.resolve(text), json: () => Promise.resolve(JSON.parse(text)) };
}

const allowed = () => response(200, { allowed: true, reasons: [], reminders: REMINDERS, publicationId: 7 });
const refused = (...reasons) => response(200, { allowed: false, reasons, reminders: REMINDERS });

/** An editor page: a form with the body, a slug and a publish button the CMS itself listens to. */
function editorPage({ supportsDialog = true } = {}) {
  const doc = new FakeDocument({ supportsDialog });
  const body = h(doc, 'textarea', { id: 'body', value: '<p>关于开展安全生产检查的通知</p>' });
  const draftId = h(doc, 'input', { id: 'draft-id', value: '42' });
  const publish = h(doc, 'button', { id: 'publish', type: 'submit' });
  const form = h(doc, 'form', { id: 'article' }, body, draftId, publish);
  const tips = h(doc, 'div', { id: 'tips' });
  doc.body.appendChild(form);
  doc.body.appendChild(tips);
  const cms = { clicks: 0 };
  publish.addEventListener('click', () => cms.clicks++); // the CMS's own publish handler
  return { doc, form, publish, body, tips, cms };
}

function install(page, fetch, extra = {}) {
  let settle;
  const decided = () => new Promise((resolve) => (settle = resolve));
  const opts = {
    serviceUrl: SERVICE + '/',
    channel: 'website',
    publishButton: '#publish',
    form: '#article',
    content: '#body',
    draftId: '#draft-id',
    url: () => 'https://www.example.gov.cn/news/1.html',
    authorization: 'Bearer test-token',
    remindersContainer: '#tips',
    document: page.doc,
    window: { setTimeout, clearTimeout, AbortController },
    fetch,
    onAllowed: (a) => settle && settle(a),
    onRefused: (a) => settle && settle(a),
    ...extra
  };
  const gate = Gate.install(opts);
  return { gate, decided };
}

function dialogOf(doc) {
  return doc.querySelector('.secrecy-review-gate-dialog');
}

function itemsOf(el, className) {
  const box = el.querySelector('.' + className);
  return box.querySelectorAll('li').map((li) => li.textContent);
}

test('a refused publish is blocked before the CMS sees the click, with reasons and reminders shown', async () => {
  const page = editorPage();
  const fetch = fakeFetch([refused('缺少保密办审查', '检查发现密级标志“秘密★”')]);
  const { decided } = install(page, fetch);
  const answer = decided();
  page.publish.click();
  const a = await answer;

  assert.equal(a.allowed, false);
  assert.equal(page.cms.clicks, 0, 'the CMS publish handler never ran');
  assert.equal(page.form.submissions, 0, 'the form was not submitted');
  const dialog = dialogOf(page.doc);
  assert.ok(dialog, 'a dialog is shown');
  assert.equal(dialog.tagName, 'DIALOG');
  assert.equal(dialog.open, true, 'shown modal');
  assert.equal(dialog.getAttribute('role'), 'alertdialog');
  assert.deepEqual(itemsOf(dialog, 'secrecy-review-gate-reasons'), ['缺少保密办审查', '检查发现密级标志“秘密★”']);
  assert.deepEqual(itemsOf(dialog, 'secrecy-review-gate-reminders'), REMINDERS);

  const [call] = fetch.gateCalls();
  assert.equal(call.init.method, 'POST');
  assert.equal(call.init.headers.Authorization, 'Bearer test-token');
  assert.match(call.init.headers['Content-Type'], /^application\/json/);
  assert.deepEqual(JSON.parse(call.init.body), {
    channel: 'WEBSITE',
    content: '<p>关于开展安全生产检查的通知</p>',
    url: 'https://www.example.gov.cn/news/1.html',
    draftId: 42
  });

  // "知道了" closes it
  dialog.querySelector('button').click();
  assert.equal(dialogOf(page.doc), null);
});

test('an allowed publish goes through exactly once: one gate call, one CMS click, one submit', async () => {
  const page = editorPage();
  const fetch = fakeFetch([allowed()]);
  const { decided } = install(page, fetch);
  const answer = decided();
  page.publish.click();
  const a = await answer;

  assert.equal(a.allowed, true);
  assert.equal(a.publicationId, 7);
  assert.equal(page.cms.clicks, 1);
  assert.equal(page.form.submissions, 1);
  assert.equal(fetch.gateCalls().length, 1, 'the submit that follows the click is not asked again');
  assert.equal(dialogOf(page.doc), null);
});

test('fail closed: network error, timeout, HTTP errors and unreadable answers all block', async () => {
  const cases = [
    ['network error', () => Promise.reject(new TypeError('Failed to fetch')), /无法连接/],
    ['timeout', () => new Promise(() => {}), /超时/],
    ['HTTP 500', () => Promise.resolve(response(500, { code: 'internal-error' })), /HTTP 500/],
    ['HTTP 401', () => Promise.resolve(response(401, { code: 'unauthenticated' })), /凭据/],
    ['HTTP 403', () => Promise.resolve(response(403, { code: 'forbidden' })), /凭据/],
    ['not JSON', () => Promise.resolve(response(200, '<html>gateway</html>')), /无法识别/],
    ['allowed as a string', () => Promise.resolve(response(200, { allowed: 'true' })), /无法识别/],
    ['no allowed field', () => Promise.resolve(response(200, { reasons: [] })), /无法识别/]
  ];
  for (const [name, answer, reason] of cases) {
    const page = editorPage();
    const fetch = fakeFetch([answer]);
    const { decided } = install(page, fetch, { timeoutMs: 50 });
    const done = decided();
    page.publish.click();
    const a = await done;
    assert.equal(a.allowed, false, name);
    assert.equal(page.cms.clicks, 0, name + ': CMS handler not run');
    assert.equal(page.form.submissions, 0, name + ': not submitted');
    assert.match(itemsOf(dialogOf(page.doc), 'secrecy-review-gate-reasons')[0], reason, name);
  }
});

test('empty content is not sent and not published', async () => {
  const page = editorPage();
  page.body.value = '';
  const fetch = fakeFetch([allowed()]);
  const { decided } = install(page, fetch);
  const done = decided();
  page.publish.click();
  const a = await done;
  assert.equal(a.allowed, false);
  assert.equal(fetch.gateCalls().length, 0);
  assert.equal(page.cms.clicks, 0);
});

test('clicks while the gate is asked are swallowed: one call only', async () => {
  const page = editorPage();
  let release;
  const fetch = fakeFetch([() => new Promise((resolve) => (release = () => resolve(allowed())))]);
  const { decided } = install(page, fetch);
  const done = decided();
  page.publish.click();
  await new Promise((r) => setImmediate(r));
  assert.equal(page.publish.getAttribute('aria-busy'), 'true');
  page.publish.click();
  page.publish.click();
  release();
  await done;
  assert.equal(fetch.gateCalls().length, 1);
  assert.equal(page.cms.clicks, 1);
  assert.equal(page.form.submissions, 1);
  assert.equal(page.publish.getAttribute('aria-busy'), null);
});

test('a form submitted without the button (Enter, script) is gated too', async () => {
  const page = editorPage();
  const fetch = fakeFetch([refused('内容与审查通过的版本不一致')]);
  const { decided } = install(page, fetch);
  const done = decided();
  page.form.requestSubmit();
  await done;
  assert.equal(page.form.submissions, 0);
  assert.equal(fetch.gateCalls().length, 1);

  const fetch2 = fakeFetch([allowed()]);
  const page2 = editorPage();
  const second = install(page2, fetch2);
  const ok = second.decided();
  page2.form.requestSubmit();
  await ok;
  assert.equal(page2.form.submissions, 1);
  assert.equal(fetch2.gateCalls().length, 1);
});

test('every publish attempt asks again (an earlier refusal or allowance is not reused)', async () => {
  const page = editorPage();
  const fetch = fakeFetch([refused('缺少科室负责人审查'), allowed()]);
  const { decided } = install(page, fetch);
  let done = decided();
  page.publish.click();
  await done;
  assert.equal(page.cms.clicks, 0);
  done = decided();
  page.publish.click();
  await done;
  assert.equal(page.cms.clicks, 1);
  assert.equal(fetch.gateCalls().length, 2);
});

test('reasons are shown as text, never as markup', async () => {
  const page = editorPage();
  const fetch = fakeFetch([refused('<img src=x onerror=alert(1)>')]);
  const { decided } = install(page, fetch);
  const done = decided();
  page.publish.click();
  await done;
  const dialog = dialogOf(page.doc);
  assert.equal(dialog.querySelectorAll('img').length, 0);
  assert.deepEqual(itemsOf(dialog, 'secrecy-review-gate-reasons'), ['<img src=x onerror=alert(1)>']);
});

test('the reminders are shown on the page from the start', async () => {
  const page = editorPage();
  const fetch = fakeFetch([]);
  const { gate } = install(page, fetch);
  await gate.remindersShown;
  const call = fetch.calls.find((c) => c.url.startsWith(SERVICE + '/api/v1/reminders'));
  assert.equal(call.url, SERVICE + '/api/v1/reminders?channel=WEBSITE');
  assert.equal(call.init.method, 'GET');
  assert.equal(call.init.headers.Authorization, 'Bearer test-token');
  assert.deepEqual(page.tips.querySelectorAll('li').map((li) => li.textContent), REMINDERS);
});

test('without <dialog> support an overlay is used; uninstall stops intercepting', async () => {
  const page = editorPage({ supportsDialog: false });
  const fetch = fakeFetch([refused('缺少保密办审查')]);
  const { gate, decided } = install(page, fetch);
  const done = decided();
  page.publish.click();
  await done;
  const overlay = dialogOf(page.doc);
  assert.equal(overlay.tagName, 'DIV');
  assert.match(overlay.style.cssText, /position:fixed/);
  gate.uninstall();
  assert.equal(dialogOf(page.doc), null);
  page.publish.click();
  assert.equal(page.cms.clicks, 1, 'after uninstall the CMS gets the click');
});

test('install refuses a configuration that could not gate anything', () => {
  const page = editorPage();
  const base = { document: page.doc, window: { setTimeout, clearTimeout }, fetch: fakeFetch([]) };
  assert.throws(() => Gate.install({ ...base, publishButton: '#publish', content: '#body' }), /serviceUrl/);
  assert.throws(() => Gate.install({ ...base, serviceUrl: SERVICE, content: '#body' }), /publishButton/);
  assert.throws(() => Gate.install({ ...base, serviceUrl: SERVICE, publishButton: '#publish' }), /content/);
});

test('a click elsewhere on the page is left alone', () => {
  const page = editorPage();
  const other = h(page.doc, 'button', { id: 'preview', type: 'button' });
  let previewed = 0;
  other.addEventListener('click', () => previewed++);
  page.doc.body.appendChild(other);
  const fetch = fakeFetch([]);
  install(page, fetch);
  other.click();
  assert.equal(previewed, 1);
  assert.equal(fetch.gateCalls().length, 0);
  assert.ok(FakeEvent);
});

test('reasons with codes and the difference from the approved version are shown', async () => {
  const page = editorPage();
  const fetch = fakeFetch([() => Promise.resolve(response(200, {
    allowed: false,
    reasons: [{ code: 'link-changed', message: '链接与审查通过的版本不一致' }],
    reminders: REMINDERS,
    diff: [{ kind: 'link', approved: '<a href="https://www.example.gov.cn/a.pdf">', sent: '<a href="https://evil.example/a.pdf">' }]
  }))]);
  const { decided } = install(page, fetch);
  const done = decided();
  page.publish.click();
  const a = await done;
  assert.deepEqual(a.codes, ['link-changed']);
  const dialog = dialogOf(page.doc);
  assert.deepEqual(itemsOf(dialog, 'secrecy-review-gate-reasons'), ['链接与审查通过的版本不一致']);
  const diff = itemsOf(dialog, 'secrecy-review-gate-diff');
  assert.equal(diff.length, 1);
  assert.match(diff[0], /审查通过：<a href="https:\/\/www.example.gov.cn\/a.pdf">/);
  assert.match(diff[0], /即将发布：<a href="https:\/\/evil.example\/a.pdf">/);
});

test('title, excerpt, the publication of a live item and the hashes of every published file are sent', async () => {
  const nodeCrypto = require('node:crypto');
  const page = editorPage();
  page.body.value = '<p>通知<img src="/uploads/poster.png" srcset="/uploads/poster-2x.png 2x"></p>'
    + '<p><a href="/files/%E9%80%9A%E7%9F%A5.pdf?v=1">附件</a> <a href="/news/2.html">另一篇</a> <img src="/gone.png">'
    + '<img src="data:image/png;base64,iVBORw0KGgo="></p>';
  const files = { 'https://cms.example.gov.cn/uploads/poster.png': 'P1', 'https://cms.example.gov.cn/uploads/poster-2x.png': 'P2',
    'https://cms.example.gov.cn/files/%E9%80%9A%E7%9F%A5.pdf?v=1': 'PDF' };
  const fetched = [];
  const base = fakeFetch([allowed()]);
  const fetch = (url, init) => {
    if (url.startsWith('https://cms.example.gov.cn/')) {
      fetched.push(url);
      const bytes = files[url];
      return Promise.resolve(bytes === undefined
        ? { ok: false, status: 404 }
        : { ok: true, status: 200, arrayBuffer: () => Promise.resolve(new TextEncoder().encode(bytes).buffer) });
    }
    return base(url, init);
  };
  const title = h(page.doc, 'input', { id: 'title', value: '关于开展安全生产检查的通知' });
  const pub = h(page.doc, 'input', { id: 'pub', value: '9' });
  page.form.appendChild(title);
  page.form.appendChild(pub);
  const { decided } = install(page, fetch, {
    title: '#title', excerpt: () => '通知…', publicationId: '#pub',
    window: { setTimeout, clearTimeout, AbortController, crypto: globalThis.crypto, location: { href: 'https://cms.example.gov.cn/wp-admin/post.php' } }
  });
  const done = decided();
  page.publish.click();
  await done;
  const sent = JSON.parse(base.gateCalls()[0].init.body);
  assert.equal(sent.title, '关于开展安全生产检查的通知');
  assert.equal(sent.excerpt, '通知…');
  assert.equal(sent.publicationId, 9);
  const sha = (s) => nodeCrypto.createHash('sha256').update(s).digest('hex');
  assert.deepEqual(sent.media, [
    { url: '/uploads/poster.png', sha256: sha('P1') },
    { url: '/uploads/poster-2x.png', sha256: sha('P2') },
    { url: '/files/%E9%80%9A%E7%9F%A5.pdf?v=1', sha256: sha('PDF') }
  ]);
  assert.ok(!fetched.some((u) => u.includes('/news/2.html')), 'links to pages are not fetched');
  assert.ok(fetched.some((u) => u.endsWith('/gone.png')), 'a file that cannot be fetched is tried and left undeclared');
});

test('fileUrls lists media sources, srcset candidates and links to documents only', () => {
  assert.deepEqual(Gate.fileUrls('<video poster="p.jpg" src=\'v.mp4\'></video><a href="x.html">x</a><a href="a.docx">a</a>'
    + '<a href="javascript:x()">j</a><img src="a&amp;b.png">'), ['p.jpg', 'v.mp4', 'a.docx', 'a&b.png']);
});

/*!
 * secrecy-review-gate.js — 保密审查发布闸口 for any CMS with a publish button. No dependencies.
 *
 * Before the publish button does anything, the snippet sends the channel and exactly what readers will
 * get — content, title, excerpt, and the SHA-256 of every file the content publishes (images, video,
 * linked documents; fetched and hashed in the browser) — to {serviceUrl}/api/v1/publish-gate. Only
 * {"allowed": true} lets the click (or form submit) through; a refusal, an error, a timeout or an
 * unreadable answer blocks it and shows the service's reasons, what differs from the approved version
 * and the channel's 保密提醒 in a dialog (fail closed).
 *
 *   SecrecyReviewGate.install({
 *     serviceUrl: 'https://review.example.gov.cn',
 *     channel: 'WEBSITE',                       // WEBSITE | WECHAT | WEIBO
 *     publishButton: '#publish',                // selector(s), element or array of elements
 *     form: '#article-form',                    // optional: also intercept this form's submit
 *     content: '#body',                         // selector (value or innerHTML) or function (may return a Promise)
 *     title: '#title', excerpt: '#excerpt',     // optional: compared with the approved title; excerpt must be part of the approved text
 *     media: 'auto',                            // 'auto' (default): hash the files the content links; a function returning
 *                                               //   [{url, sha256}]; or false to send none
 *     publicationId: '#review-publication-id',  // optional: the registration of this item when it is already online
 *     url: function () { return location.origin + '/news/' + slug.value; },   // optional: string or function
 *     draftId: '#review-draft-id',              // optional: selector, element or function
 *     authorization: function () { return fetchShortLivedTokenFromYourCms(); }, // optional: 'Bearer …' or function
 *     remindersContainer: '#secrecy-reminders'  // optional: shows the 保密提醒 permanently
 *   });
 *
 * Or without code: <script src="secrecy-review-gate.js" data-service="https://review.example.gov.cn"
 *   data-channel="WEBSITE" data-button="#publish" data-content="#body" data-reminders="#tips"></script>
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.SecrecyReviewGate = api;
    api.autoInstall(root.document);
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var TEXT = {
    title: '保密审查未通过，不能发布',
    checking: '正在进行保密审查……',
    reasons: '原因',
    differences: '与审查通过的版本相比',
    approvedSide: '审查通过：',
    sentSide: '即将发布：',
    nothing: '（无）',
    reminders: '保密提醒',
    close: '知道了',
    unreachable: '无法连接保密审查服务，为安全起见暂不允许发布。请稍后重试或联系保密审查管理员。',
    timeout: '保密审查服务响应超时，为安全起见暂不允许发布。请稍后重试。',
    credentials: '保密审查服务拒绝了本系统的凭据（需要 CMS 角色），不能发布。请联系管理员。',
    httpError: '保密审查服务返回错误（HTTP {status}），不能发布。',
    unreadable: '保密审查服务的答复无法识别，为安全起见不允许发布。',
    refusedNoReason: '保密审查未通过。',
    noContent: '无法读取待发布的内容，不能发布。',
    fallbackReminder: '保密提醒：涉密不上网，上网不涉密。发布前须经本单位保密审查，未经审查不得公开。',
    remindersUnavailable: '（暂时无法从保密审查服务获取本渠道的保密提醒。）'
  };

  function install(options) {
    var o = normaliseOptions(options);
    var doc = o.document;
    var pending = false;
    var passThrough = false;
    var dialog = null;

    function buttons() {
      return resolveElements(doc, o.publishButton);
    }

    function forms() {
      return resolveElements(doc, o.form);
    }

    function matches(target, candidates) {
      for (var i = 0; i < candidates.length; i++) {
        if (candidates[i] === target || (candidates[i].contains && candidates[i].contains(target))) {
          return candidates[i];
        }
      }
      return null;
    }

    /**
     * Repeats the publish action after an allowed answer. Click, submit and everything the CMS
     * does in between are dispatched synchronously, so letting events through only for the duration
     * of this call lets exactly this one publish pass (the gate allows each publication once).
     */
    function replay(action) {
      passThrough = true;
      try {
        action();
      } finally {
        passThrough = false;
      }
    }

    function block(event) {
      event.preventDefault();
      event.stopImmediatePropagation();
      event.stopPropagation();
    }

    // Capture phase on the document: runs before any handler the CMS put on the button or form.
    function onClick(event) {
      var button = matches(event.target, buttons());
      intercept(event, button, button, function () {
        button.click();
      });
    }

    function onSubmit(event) {
      var form = matches(event.target, forms());
      var submitter = event.submitter || null;
      intercept(event, form, submitter, function () {
        if (typeof form.requestSubmit === 'function') {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      });
    }

    // Holds a publish action on a gated target until the gate allows it, then replays it once.
    function intercept(event, target, control, action) {
      if (!target || passThrough) {
        return;
      }
      block(event);
      if (pending) {
        return;
      }
      gateThen(function () {
        replay(action);
      }, control);
    }

    function gateThen(proceed, control) {
      pending = true;
      setBusy(control, true);
      return check().then(function (answer) {
        pending = false;
        setBusy(control, false);
        if (answer.allowed) {
          if (o.onAllowed) {
            o.onAllowed(answer);
          }
          proceed();
        } else {
          showRefusal(answer);
          if (o.onRefused) {
            o.onRefused(answer);
          }
        }
        return answer;
      });
    }

    /** Asks the gate; always resolves to {allowed, reasons, reminders, publicationId?}. */
    function check() {
      return Promise.resolve()
        .then(function () {
          return Promise.all([
            valueOf(doc, o.content),
            literal(o.url),
            valueOf(doc, o.draftId),
            literal(o.authorization),
            valueOf(doc, o.title),
            valueOf(doc, o.excerpt),
            valueOf(doc, o.publicationId)
          ]);
        })
        .then(function (v) {
          var content = v[0];
          if (typeof content !== 'string' || content === '') {
            return refusal(TEXT.noContent);
          }
          var body = { channel: o.channel, content: content };
          if (v[1]) {
            body.url = String(v[1]);
          }
          var draftId = positiveId(v[2]);
          if (draftId) {
            body.draftId = draftId;
          }
          if (typeof v[4] === 'string') {
            body.title = v[4];
          }
          if (typeof v[5] === 'string') {
            body.excerpt = v[5];
          }
          var publicationId = positiveId(v[6]);
          if (publicationId) {
            body.publicationId = publicationId;
          }
          return mediaOf(content).then(function (media) {
            if (media.length) {
              body.media = media;
            }
            return request('POST', '/api/v1/publish-gate', v[3], body).then(readGateAnswer);
          });
        })
        .catch(function (error) {
          return refusal(error && error.gateTimeout ? TEXT.timeout : TEXT.unreachable);
        });
    }

    function positiveId(value) {
      if (value === null || value === undefined || String(value).trim() === '') {
        return null;
      }
      var id = Number(String(value).trim());
      return Number.isInteger(id) && id > 0 ? id : null;
    }

    /**
     * The files the content publishes, each with the SHA-256 of its bytes, so the gate can check
     * they are the approved attachments. 'auto' fetches every image/audio/video source and every
     * link to a document from the CMS (same origin or CORS) and hashes it with Web Crypto; a file
     * that cannot be fetched is not declared (the gate then compares its address only).
     */
    function mediaOf(content) {
      if (o.media === false || o.media === null) {
        return Promise.resolve([]);
      }
      if (typeof o.media === 'function') {
        return Promise.resolve(o.media(content)).then(function (list) {
          return Array.isArray(list) ? list : [];
        });
      }
      var subtle = o.window.crypto && o.window.crypto.subtle;
      if (!subtle) {
        return Promise.resolve([]);
      }
      var urls = fileUrls(content).slice(0, o.maxMediaFiles);
      return Promise.all(urls.map(function (url) {
        return Promise.resolve()
          .then(function () {
            var absolute = o.window.location && o.window.location.href ? new URL(url, o.window.location.href).href : url;
            return o.fetch(absolute, { credentials: 'same-origin', cache: 'no-store', redirect: 'follow' });
          })
          .then(function (response) {
            if (!response || !response.ok) {
              throw new Error('not fetched');
            }
            return response.arrayBuffer();
          })
          .then(function (bytes) {
            return subtle.digest('SHA-256', bytes);
          })
          .then(function (digest) {
            return { url: url, sha256: hex(digest) };
          })
          .catch(function () {
            return null;
          });
      })).then(function (list) {
        return list.filter(function (m) { return m !== null; });
      });
    }

    function request(method, path, authorization, body) {
      var headers = { Accept: 'application/json' };
      if (body) {
        headers['Content-Type'] = 'application/json; charset=utf-8';
      }
      if (authorization) {
        headers.Authorization = String(authorization);
      }
      var controller = typeof o.window.AbortController === 'function' ? new o.window.AbortController() : null;
      var init = {
        method: method,
        headers: headers,
        credentials: o.credentials,
        redirect: 'error',
        cache: 'no-store'
      };
      if (body) {
        init.body = JSON.stringify(body);
      }
      if (controller) {
        init.signal = controller.signal;
      }
      return new Promise(function (resolve, reject) {
        var timer = o.window.setTimeout(function () {
          if (controller) {
            controller.abort();
          }
          reject({ gateTimeout: true });
        }, o.timeoutMs);
        Promise.resolve()
          .then(function () {
            return o.fetch(o.serviceUrl + path, init);
          })
          .then(
            function (response) {
              o.window.clearTimeout(timer);
              resolve(response);
            },
            function (error) {
              o.window.clearTimeout(timer);
              reject(error);
            }
          );
      });
    }

    function readGateAnswer(response) {
      if (response.status === 401 || response.status === 403) {
        return refusal(TEXT.credentials);
      }
      if (response.status !== 200) {
        return refusal(TEXT.httpError.replace('{status}', String(response.status)));
      }
      return response.text().then(function (text) {
        var answer;
        try {
          answer = JSON.parse(text);
        } catch (e) {
          return refusal(TEXT.unreadable);
        }
        if (!answer || typeof answer !== 'object' || typeof answer.allowed !== 'boolean') {
          return refusal(TEXT.unreadable);
        }
        var reminders = strings(answer.reminders);
        if (reminders.length) {
          lastReminders = reminders;
        }
        var reasons = messages(answer.reasons);
        if (answer.allowed !== true && reasons.length === 0) {
          reasons = [TEXT.refusedNoReason];
        }
        var result = {
          allowed: answer.allowed === true,
          unchanged: answer.unchanged === true,
          reasons: reasons,
          codes: codes(answer.reasons),
          reminders: reminders,
          diff: differences(answer.diff)
        };
        if (answer.publicationId !== undefined && answer.publicationId !== null) {
          result.publicationId = answer.publicationId;
        }
        return result;
      });
    }

    var lastReminders = null;

    function refusal(reason) {
      return { allowed: false, reasons: [reason], reminders: lastReminders || [TEXT.fallbackReminder] };
    }

    function setBusy(control, busy) {
      if (!control || !control.setAttribute) {
        return;
      }
      if (busy) {
        control.setAttribute('aria-busy', 'true');
        control.setAttribute('title', TEXT.checking);
      } else {
        control.removeAttribute('aria-busy');
        control.removeAttribute('title');
      }
    }

    function showRefusal(answer) {
      closeDialog();
      var box = doc.createElement('dialog');
      var modal = typeof box.showModal === 'function';
      if (!modal) {
        box = doc.createElement('div');
        box.style.cssText = 'position:fixed;z-index:2147483647;left:50%;top:20%;transform:translateX(-50%);' +
          'max-width:36em;background:#fff;color:#1d2327;border:2px solid #b32d2e;padding:1em 1.5em;' +
          'box-shadow:0 4px 24px rgba(0,0,0,.3);font:14px/1.6 sans-serif';
      }
      box.setAttribute('role', 'alertdialog');
      box.setAttribute('aria-modal', 'true');
      box.setAttribute('class', 'secrecy-review-gate-dialog');
      box.setAttribute('aria-labelledby', 'secrecy-review-gate-title');
      var h = doc.createElement('h2');
      h.setAttribute('id', 'secrecy-review-gate-title');
      h.textContent = TEXT.title;
      box.appendChild(h);
      box.appendChild(section(TEXT.reasons, answer.reasons, 'secrecy-review-gate-reasons'));
      if (answer.diff && answer.diff.length) {
        var lines = [];
        for (var i = 0; i < answer.diff.length; i++) {
          lines.push(TEXT.approvedSide + (answer.diff[i].approved || TEXT.nothing) + '　' + TEXT.sentSide
            + (answer.diff[i].sent || TEXT.nothing));
        }
        box.appendChild(section(TEXT.differences, lines, 'secrecy-review-gate-diff'));
      }
      box.appendChild(section(TEXT.reminders, answer.reminders, 'secrecy-review-gate-reminders'));
      var close = doc.createElement('button');
      close.setAttribute('type', 'button');
      close.textContent = TEXT.close;
      close.addEventListener('click', closeDialog);
      box.appendChild(close);
      doc.body.appendChild(box);
      dialog = box;
      if (modal) {
        box.showModal();
      }
      if (typeof close.focus === 'function') {
        close.focus();
      }
    }

    function section(title, items, className) {
      var wrap = doc.createElement('div');
      wrap.setAttribute('class', className);
      var h = doc.createElement('h3');
      h.textContent = title;
      wrap.appendChild(h);
      var ul = doc.createElement('ul');
      for (var i = 0; i < items.length; i++) {
        var li = doc.createElement('li');
        li.textContent = items[i]; // text, never markup
        ul.appendChild(li);
      }
      wrap.appendChild(ul);
      return wrap;
    }

    function closeDialog() {
      if (!dialog) {
        return;
      }
      if (typeof dialog.close === 'function' && dialog.open) {
        dialog.close();
      }
      if (dialog.parentNode) {
        dialog.parentNode.removeChild(dialog);
      }
      dialog = null;
    }

    /** Fills the reminders container with the channel's 保密提醒 (always visible on the editor page). */
    function showReminders() {
      var containers = resolveElements(doc, o.remindersContainer);
      if (!containers.length) {
        return Promise.resolve(null);
      }
      return Promise.resolve()
        .then(function () {
          return literal(o.authorization);
        })
        .then(function (authorization) {
          return request('GET', '/api/v1/reminders?channel=' + encodeURIComponent(o.channel), authorization, null);
        })
        .then(function (response) {
          if (response.status !== 200) {
            throw new Error('HTTP ' + response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          var list = strings(answer && answer.reminders);
          if (!list.length) {
            throw new Error('no reminders');
          }
          lastReminders = list;
          return list;
        })
        .catch(function () {
          return [TEXT.fallbackReminder, TEXT.remindersUnavailable];
        })
        .then(function (list) {
          for (var i = 0; i < containers.length; i++) {
            while (containers[i].firstChild) {
              containers[i].removeChild(containers[i].firstChild);
            }
            containers[i].appendChild(section(TEXT.reminders, list, 'secrecy-review-gate-reminders'));
          }
          return list;
        });
    }

    doc.addEventListener('click', onClick, true);
    doc.addEventListener('submit', onSubmit, true);
    var remindersShown = showReminders();

    return {
      check: check,
      showReminders: showReminders,
      remindersShown: remindersShown,
      closeDialog: closeDialog,
      uninstall: function () {
        doc.removeEventListener('click', onClick, true);
        doc.removeEventListener('submit', onSubmit, true);
        closeDialog();
      }
    };
  }

  function normaliseOptions(options) {
    if (!options || !options.serviceUrl) {
      throw new Error('SecrecyReviewGate: serviceUrl is required');
    }
    if (!options.publishButton && !options.form) {
      throw new Error('SecrecyReviewGate: publishButton or form is required');
    }
    if (!options.content) {
      throw new Error('SecrecyReviewGate: content is required');
    }
    var win = options.window || (typeof window !== 'undefined' ? window : null);
    var f = options.fetch || (win && win.fetch ? win.fetch.bind(win) : null);
    if (!f) {
      throw new Error('SecrecyReviewGate: fetch is not available');
    }
    return {
      serviceUrl: String(options.serviceUrl).replace(/\/+$/, ''),
      channel: String(options.channel || 'WEBSITE').toUpperCase(),
      publishButton: options.publishButton || null,
      form: options.form || null,
      content: options.content,
      url: options.url || null,
      draftId: options.draftId || null,
      authorization: options.authorization || null,
      title: options.title || null,
      excerpt: options.excerpt || null,
      publicationId: options.publicationId || null,
      media: options.media === undefined ? 'auto' : options.media,
      maxMediaFiles: options.maxMediaFiles || 100,
      credentials: options.credentials || 'omit',
      remindersContainer: options.remindersContainer || null,
      timeoutMs: options.timeoutMs || 15000,
      onAllowed: options.onAllowed || null,
      onRefused: options.onRefused || null,
      fetch: f,
      document: options.document || win.document,
      window: win
    };
  }

  function resolveElements(doc, spec) {
    if (!spec) {
      return [];
    }
    if (typeof spec === 'string') {
      return Array.prototype.slice.call(doc.querySelectorAll(spec));
    }
    if (Array.isArray(spec)) {
      return spec.slice();
    }
    return [spec];
  }

  /** A literal (a URL, an Authorization header value) or a function returning one (or a Promise). */
  function literal(spec) {
    return typeof spec === 'function' ? spec() : spec;
  }

  /** Reads a field: a selector or an element gives its value (inputs) or its HTML; a function is called. */
  function valueOf(doc, spec) {
    if (spec === null || spec === undefined) {
      return null;
    }
    if (typeof spec === 'function') {
      return spec();
    }
    if (typeof spec === 'number') {
      return spec;
    }
    if (typeof spec === 'string') {
      var el = doc.querySelector(spec);
      if (!el) {
        return null;
      }
      return 'value' in el && el.value !== undefined ? el.value : el.innerHTML;
    }
    if (spec && typeof spec === 'object' && 'value' in spec) {
      return spec.value;
    }
    return spec && spec.innerHTML !== undefined ? spec.innerHTML : null;
  }

  /** The messages of the gate's reasons ({code, message}; plain strings from older services too). */
  function messages(list) {
    if (!Array.isArray(list)) {
      return [];
    }
    var out = [];
    for (var i = 0; i < list.length; i++) {
      var r = list[i];
      if (r && typeof r === 'object' && typeof r.message === 'string') {
        out.push(r.message);
      } else if (typeof r === 'string') {
        out.push(r);
      }
    }
    return out;
  }

  function codes(list) {
    var out = [];
    if (Array.isArray(list)) {
      for (var i = 0; i < list.length; i++) {
        if (list[i] && typeof list[i].code === 'string') {
          out.push(list[i].code);
        }
      }
    }
    return out;
  }

  function differences(list) {
    var out = [];
    if (Array.isArray(list)) {
      for (var i = 0; i < list.length && i < 10; i++) {
        var d = list[i];
        if (d && typeof d === 'object') {
          out.push({ kind: String(d.kind || ''), approved: String(d.approved || ''), sent: String(d.sent || '') });
        }
      }
    }
    return out;
  }

  var FILE_LINK = /\.(pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|txt|rtf|csv|zip|rar|7z|png|jpe?g|gif|bmp|webp|tiff?|mp3|mp4|wav|ogg|webm)([?#]|$)/i;

  /** URLs of the files a piece of HTML publishes: media sources, srcset candidates, links to documents. */
  function fileUrls(html) {
    var out = [];
    var seen = {};
    var add = function (url) {
      url = decodeEntities(url).trim();
      if (url && !/^(data|javascript|mailto|tel):/i.test(url) && !seen[url]) {
        seen[url] = true;
        out.push(url);
      }
    };
    var tags = String(html).match(/<[a-zA-Z][^>]*>/g) || [];
    for (var t = 0; t < tags.length; t++) {
      var re = /\s(src|href|poster|srcset)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
      var m;
      while ((m = re.exec(tags[t])) !== null) {
        var name = m[1].toLowerCase();
        var value = m[3] !== undefined ? m[3] : (m[4] !== undefined ? m[4] : m[5]);
        if (name === 'srcset') {
          var candidates = value.split(',');
          for (var c = 0; c < candidates.length; c++) {
            add(candidates[c].trim().split(/\s+/)[0]);
          }
        } else if (name !== 'href' || FILE_LINK.test(value)) {
          add(value);
        }
      }
    }
    return out;
  }

  function decodeEntities(s) {
    return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = '';
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    }
    return out;
  }

  function strings(list) {
    if (!Array.isArray(list)) {
      return [];
    }
    var out = [];
    for (var i = 0; i < list.length; i++) {
      if (typeof list[i] === 'string' || typeof list[i] === 'number') {
        out.push(String(list[i]));
      }
    }
    return out;
  }

  /** <script src="…" data-service="…" data-button="…" data-content="…"> installs itself. */
  function autoInstall(doc) {
    var script = doc && doc.currentScript;
    if (!script || !script.getAttribute || !script.getAttribute('data-service')) {
      return;
    }
    var field = function (selector) {
      return selector ? function () { return valueOf(doc, selector); } : null;
    };
    var start = function () {
      install({
        serviceUrl: script.getAttribute('data-service'),
        channel: script.getAttribute('data-channel') || 'WEBSITE',
        publishButton: script.getAttribute('data-button'),
        form: script.getAttribute('data-form'),
        content: script.getAttribute('data-content'),
        url: field(script.getAttribute('data-url-field')),
        draftId: script.getAttribute('data-draft-id-field'),
        authorization: script.getAttribute('data-authorization'),
        title: script.getAttribute('data-title'),
        excerpt: script.getAttribute('data-excerpt'),
        publicationId: script.getAttribute('data-publication-id-field'),
        remindersContainer: script.getAttribute('data-reminders')
      });
    };
    if (doc.readyState === 'loading') {
      doc.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  }

  return { install: install, autoInstall: autoInstall, fileUrls: fileUrls, text: TEXT };
});

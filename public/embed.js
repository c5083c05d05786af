/*! kyc-widget embed script: mount the verification widget in a page, or open it
 * as a modal dialog, and receive its events. No dependencies. */
(function (global) {
  'use strict';

  var SOURCE = 'kyc-widget';

  function widgetUrl(url) {
    var u;
    try { u = new URL(String(url), global.location.href); } catch (e) { throw new Error('KycWidget: url is not a URL'); }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('KycWidget: url must be http(s)');
    return u;
  }

  function call(fn, arg) {
    if (typeof fn === 'function') {
      try { fn(arg); } catch (e) { setTimeout(function () { throw e; }); }
    }
  }

  function makeFrame(url, options) {
    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = options.title || 'Identity verification';
    frame.setAttribute('allow', 'camera; fullscreen');
    frame.style.border = '0';
    frame.style.width = '100%';
    frame.style.height = options.height || '720px';
    frame.style.display = 'block';
    return frame;
  }

  // Listens to the widget in `frame`: only messages from the widget's origin
  // and that frame's window, shaped like its events, reach the callbacks.
  function listen(frame, origin, options, onFinal) {
    function onMessage(event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || typeof data !== 'object' || data.source !== SOURCE || typeof data.type !== 'string') return;
      call(options.onEvent, data);
      if (data.type === 'complete') { call(options.onComplete, data); if (onFinal) onFinal(data); }
      else if (data.type === 'cancel') call(options.onCancel, data);
      else if (data.type === 'error') call(options.onError, data);
    }
    global.addEventListener('message', onMessage);
    return function () { global.removeEventListener('message', onMessage); };
  }

  /** Mounts the widget inside `target` (an element or a selector). */
  function mount(target, options) {
    options = options || {};
    var el = typeof target === 'string' ? document.querySelector(target) : target;
    if (!el) throw new Error('KycWidget: no element to mount in');
    var url = widgetUrl(options.url);
    var frame = makeFrame(url, options);
    var stop = listen(frame, url.origin, options);
    el.appendChild(frame);
    return {
      iframe: frame,
      destroy: function () { stop(); if (frame.parentNode) frame.parentNode.removeChild(frame); },
    };
  }

  /** Opens the widget in a modal dialog: focus stays inside, Escape (or the
   *  close button) closes it and returns focus where it was. */
  function open(options) {
    options = options || {};
    var url = widgetUrl(options.url);
    var opener = document.activeElement;
    var dialog = document.createElement('dialog');
    dialog.setAttribute('aria-label', options.title || 'Identity verification');
    dialog.className = 'kyc-embed-dialog';
    var s = dialog.style;
    s.padding = '0'; s.border = '0'; s.borderRadius = '12px'; s.width = 'min(440px, 100vw)';
    s.maxWidth = '100vw'; s.maxHeight = '100vh'; s.overflow = 'hidden'; s.background = '#fff';
    var bar = document.createElement('div');
    bar.style.display = 'flex'; bar.style.justifyContent = 'flex-end'; bar.style.padding = '4px';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', options.closeLabel || 'Close');
    var c = close.style;
    c.minWidth = '44px'; c.minHeight = '44px'; c.fontSize = '24px'; c.lineHeight = '1';
    c.border = '0'; c.background = 'transparent'; c.color = '#141a22'; c.cursor = 'pointer';
    bar.appendChild(close);
    var frame = makeFrame(url, { title: options.title, height: options.height || 'min(720px, calc(100vh - 60px))' });
    // Focus guards at both ends: Tab past the frame comes back to the close
    // button, Shift+Tab before the close button goes to the frame.
    function guard(onFocus) {
      var g = document.createElement('span');
      g.tabIndex = 0;
      g.addEventListener('focus', onFocus);
      return g;
    }
    dialog.appendChild(guard(function () { frame.focus(); }));
    dialog.appendChild(bar);
    dialog.appendChild(frame);
    dialog.appendChild(guard(function () { close.focus(); }));
    var closed = false;
    var stop = listen(frame, url.origin, options);
    function finish() {
      if (closed) return;
      closed = true;
      stop();
      if (dialog.open) dialog.close();
      if (dialog.parentNode) dialog.parentNode.removeChild(dialog);
      if (opener && typeof opener.focus === 'function') opener.focus();
      call(options.onClose, undefined);
    }
    close.addEventListener('click', finish);
    // Escape on the dialog (the browser's `cancel`); the widget's own frame keeps its keys.
    dialog.addEventListener('cancel', function (e) { e.preventDefault(); finish(); });
    dialog.addEventListener('keydown', function (e) { if (e.key === 'Escape') { e.preventDefault(); finish(); } });
    document.body.appendChild(dialog);
    // showModal makes the rest of the page inert, so Tab stays inside the dialog.
    dialog.showModal();
    close.focus();
    return { iframe: frame, dialog: dialog, close: finish };
  }

  global.KycWidget = { mount: mount, open: open, version: '1' };
})(window);

/*
 * Tijori: optional progressive enhancement. Every page works without this file: forms are plain
 * HTML forms that carry their own _csrf field.
 *
 * htmx requests do not send a form's hidden fields unless the element is inside that form, so
 * add the CSRF token from the <meta name="_csrf"> and <meta name="_csrf_header"> tags that the
 * layout writes, on every request that changes state.
 */
(function () {
  'use strict';

  function metaContent(name) {
    var meta = document.querySelector('meta[name="' + name + '"]');
    return meta ? meta.getAttribute('content') : null;
  }

  document.body.addEventListener('htmx:configRequest', function (event) {
    var verb = (event.detail.verb || 'get').toLowerCase();
    if (verb === 'get') {
      return;
    }
    var token = metaContent('_csrf');
    var header = metaContent('_csrf_header');
    if (token && header) {
      event.detail.headers[header] = token;
    }
  });
})();

/*
 * Upload progress: a form marked data-upload-progress and sent by htmx shows how much of its file has
 * gone, in its <progress> element. Without this file the form still uploads, without the bar.
 */
(function () {
  'use strict';

  document.body.addEventListener('htmx:xhr:progress', function (event) {
    var form = event.target.closest ? event.target.closest('form[data-upload-progress]') : null;
    var bar = form ? form.querySelector('progress') : null;
    if (!bar || !event.detail.lengthComputable) {
      return;
    }
    bar.hidden = false;
    bar.value = Math.round(100 * event.detail.loaded / event.detail.total);
  });
})();

/*
 * Forms marked data-swap-errors show the page's answer to a refused request (a file too large, a
 * quota reached) in place, as they would without JavaScript, instead of htmx's default of ignoring
 * 4xx answers.
 */
(function () {
  'use strict';

  document.body.addEventListener('htmx:beforeSwap', function (event) {
    var source = event.detail.requestConfig ? event.detail.requestConfig.elt : null;
    var form = source && source.closest ? source.closest('form[data-swap-errors]') : null;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (form && status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

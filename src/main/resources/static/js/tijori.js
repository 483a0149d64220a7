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
 * gone, in its <progress> element and as a percentage beside it ([data-upload-percent]). A form that
 * also names a live region (data-announce) says there that the upload started (data-started-text),
 * each quarter that has gone (data-progress-text, with # for the percentage), and then the result:
 * the text of the first element named in data-result that the swapped page holds, which also takes
 * the focus, so that a keyboard or screen-reader user goes on from the result, not from the top of
 * the page. Without this file the form still uploads, without the bar.
 */
(function () {
  'use strict';

  var MILESTONES = [25, 50, 75, 100];

  /** The form of the upload under way: its live region and where to find the result after the swap. */
  var pending = null;

  function uploadForm(element) {
    return element && element.closest ? element.closest('form[data-upload-progress]') : null;
  }

  function say(region, text) {
    if (region && text) {
      region.textContent = text;
    }
  }

  document.body.addEventListener('htmx:beforeRequest', function (event) {
    var form = uploadForm(event.target);
    if (!form) {
      return;
    }
    var region = document.getElementById(form.getAttribute('data-announce') || '');
    pending = {
      region: region,
      results: (form.getAttribute('data-result') || '').split(/\s+/).filter(Boolean),
      progressText: form.getAttribute('data-progress-text'),
      failedText: form.getAttribute('data-failed-text'),
      announced: 0
    };
    say(region, form.getAttribute('data-started-text'));
  });

  document.body.addEventListener('htmx:xhr:progress', function (event) {
    var form = uploadForm(event.target);
    var bar = form ? form.querySelector('progress') : null;
    if (!bar || !event.detail.lengthComputable) {
      return;
    }
    var percent = Math.round(100 * event.detail.loaded / event.detail.total);
    bar.hidden = false;
    bar.value = percent;
    var text = form.querySelector('[data-upload-percent]');
    if (text) {
      text.hidden = false;
      text.textContent = percent + '%';
    }
    if (pending && pending.progressText) {
      var reached = MILESTONES.filter(function (milestone) {
        return milestone <= percent;
      }).pop() || 0;
      if (reached > pending.announced) {
        pending.announced = reached;
        say(pending.region, pending.progressText.replace('#', String(reached)));
      }
    }
  });

  document.body.addEventListener('htmx:afterSettle', function () {
    if (!pending) {
      return;
    }
    var done = pending;
    pending = null;
    for (var i = 0; i < done.results.length; i++) {
      var result = document.getElementById(done.results[i]);
      if (result) {
        say(done.region, result.textContent.replace(/\s+/g, ' ').trim());
        result.focus();
        return;
      }
    }
  });

  function failed() {
    if (pending) {
      say(pending.region, pending.failedText);
      pending = null;
    }
  }

  document.body.addEventListener('htmx:sendError', failed);
  document.body.addEventListener('htmx:responseError', failed);
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

/*
 * On a phone the navigation is one row that scrolls sideways: bring the current page's link into it, so
 * that a resident on the Activity page sees where they are without scrolling the row.
 */
(function () {
  'use strict';

  var current = document.querySelector('.primary-nav__link[aria-current]');
  var list = current ? current.closest('.primary-nav__list') : null;
  if (!list || list.scrollWidth <= list.clientWidth) {
    return;
  }
  var link = current.getBoundingClientRect();
  var row = list.getBoundingClientRect();
  list.scrollLeft += link.left - row.left - (row.width - link.width) / 2;
})();

/*
 * Copy buttons beside secrets shown once (data-copy names the element whose text they copy): shown only
 * when this file runs, they copy to the clipboard and say so in the page's #copy-status line, a live region
 * that screen readers announce. Where the clipboard is refused, the text is selected for the person to copy.
 */
(function () {
  'use strict';

  var buttons = document.querySelectorAll('button[data-copy]');
  var status = document.getElementById('copy-status');

  function say(text) {
    if (status) {
      // Emptied first, so that a second copy of the same value is announced again.
      status.textContent = '';
      window.setTimeout(function () {
        status.textContent = text;
      }, 50);
    }
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error('no clipboard'));
  }

  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) {
      return;
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      write(source.textContent.trim()).then(function () {
        // The button keeps its text (its accessible name says what it copies); the status line says it is done.
        Array.prototype.forEach.call(buttons, function (other) {
          other.removeAttribute('data-copied');
        });
        button.setAttribute('data-copied', '');
        say(status ? status.getAttribute('data-done') : '');
      }, function () {
        select(source);
        say(status ? status.getAttribute('data-failed') : '');
      });
    });
  });
})();

/*
 * Forms marked data-busy say that they are at work once sent: aria-busy on the form, its indicator
 * ([data-busy-indicator]) shown, and the submit button kept from being pressed twice.
 */
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-busy]') || event.defaultPrevented) {
      return;
    }
    form.setAttribute('aria-busy', 'true');
    var indicator = form.querySelector('[data-busy-indicator]');
    if (indicator) {
      indicator.hidden = false;
    }
    var button = form.querySelector('button[type="submit"]');
    if (button) {
      button.setAttribute('aria-disabled', 'true');
    }
    form.addEventListener('submit', function (again) {
      again.preventDefault();
    });
  });
})();

/*
 * Several files chosen for one upload: a type for each, below the type of all of them, so that a passport and a PAN
 * card go up together already told apart. Each choice is sent as "types" in the order of the files; a file left
 * "as chosen above" takes the type of all. Without the script, the one type applies to every file.
 */
(function () {
  'use strict';

  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('form[data-types-legend] input[type="file"]')) {
      return;
    }
    var form = input.form;
    var all = form.querySelector('select[name="type"]');
    var old = form.querySelector('[data-file-types]');
    if (old) {
      old.remove();
    }
    if (!all || input.files.length < 2) {
      return;
    }
    var fieldset = document.createElement('fieldset');
    fieldset.className = 'field';
    fieldset.setAttribute('data-file-types', '');
    var legend = document.createElement('legend');
    legend.className = 'field__label';
    legend.textContent = form.getAttribute('data-types-legend');
    fieldset.appendChild(legend);
    Array.prototype.forEach.call(input.files, function (file, index) {
      var field = document.createElement('div');
      field.className = 'field';
      var label = document.createElement('label');
      label.className = 'field__label';
      label.htmlFor = 'file-type-' + index;
      label.textContent = file.name;
      var select = all.cloneNode(true);
      select.id = 'file-type-' + index;
      select.name = 'types';
      select.options[0].textContent = form.getAttribute('data-types-same');
      select.value = '';
      field.appendChild(label);
      field.appendChild(select);
      fieldset.appendChild(field);
    });
    all.closest('.field').after(fieldset);
  });
})();

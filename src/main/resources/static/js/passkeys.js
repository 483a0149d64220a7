/*
 * Tijori: passkeys (WebAuthn), speaking Spring Security's protocol: POST /webauthn/authenticate/options, then
 * POST /login/webauthn with the signed assertion; POST /webauthn/register/options, then POST /webauthn/register
 * with the new credential and its name. Every request carries the CSRF token that the layout writes in
 * <meta name="_csrf">. A button marked data-passkey-sign-in signs in; a block marked data-passkey-add makes a
 * passkey named by its text field. Without this file, or in a browser without WebAuthn, the buttons stay hidden
 * or say so, and every other way of signing in still works.
 */
(function () {
  'use strict';

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }

  function post(url, body) {
    var headers = { 'Content-Type': 'application/json' };
    var token = meta('_csrf');
    var header = meta('_csrf_header');
    if (token && header) {
      headers[header] = token;
    }
    return fetch(url, { method: 'POST', headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      });
  }

  function toBase64Url(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = '';
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return window.btoa(text).replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
  }

  function fromBase64Url(text) {
    var binary = window.atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function descriptors(list) {
    return (list || []).map(function (credential) {
      return Object.assign({}, credential, { id: fromBase64Url(credential.id) });
    });
  }

  function showError(source) {
    var id = source.getAttribute('data-error');
    var box = id ? document.getElementById(id) : null;
    if (box) {
      box.hidden = false;
      box.focus();
    }
  }

  function signIn(button) {
    button.disabled = true;
    post('/webauthn/authenticate/options').then(function (options) {
      return navigator.credentials.get({ publicKey: Object.assign({}, options, {
        challenge: fromBase64Url(options.challenge),
        allowCredentials: descriptors(options.allowCredentials)
      }) });
    }).then(function (credential) {
      var response = credential.response;
      return post('/login/webauthn', {
        id: credential.id,
        rawId: toBase64Url(credential.rawId),
        response: {
          authenticatorData: toBase64Url(response.authenticatorData),
          clientDataJSON: toBase64Url(response.clientDataJSON),
          signature: toBase64Url(response.signature),
          userHandle: response.userHandle ? toBase64Url(response.userHandle) : undefined
        },
        credType: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      });
    }).then(function (answer) {
      if (!answer || !answer.authenticated || !answer.redirectUrl) {
        throw new Error('not signed in');
      }
      window.location.href = answer.redirectUrl;
    }).catch(function () {
      button.disabled = false;
      showError(button);
    });
  }

  function register(block) {
    var field = block.querySelector('input');
    var button = block.querySelector('button');
    var label = field.value.trim();
    if (!label) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
      return;
    }
    button.disabled = true;
    post('/webauthn/register/options').then(function (options) {
      return navigator.credentials.create({ publicKey: Object.assign({}, options, {
        challenge: fromBase64Url(options.challenge),
        user: Object.assign({}, options.user, { id: fromBase64Url(options.user.id) }),
        excludeCredentials: descriptors(options.excludeCredentials)
      }) });
    }).then(function (credential) {
      var response = credential.response;
      return post('/webauthn/register', { publicKey: { label: label, credential: {
        id: credential.id,
        rawId: toBase64Url(credential.rawId),
        response: {
          attestationObject: toBase64Url(response.attestationObject),
          clientDataJSON: toBase64Url(response.clientDataJSON),
          transports: response.getTransports ? response.getTransports() : []
        },
        type: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      } } });
    }).then(function (answer) {
      if (!answer || !answer.success) {
        throw new Error('not saved');
      }
      window.location.href = window.location.pathname + '?passkeyAdded';
    }).catch(function () {
      button.disabled = false;
      showError(block);
    });
  }

  var supported = !!(window.PublicKeyCredential && navigator.credentials);
  document.querySelectorAll('[data-passkey-sign-in]').forEach(function (button) {
    button.hidden = !supported;
    button.addEventListener('click', function () { signIn(button); });
  });
  document.querySelectorAll('[data-passkey-add]').forEach(function (block) {
    block.hidden = !supported;
    block.querySelector('button').addEventListener('click', function () { register(block); });
  });
  document.querySelectorAll('[data-passkey-unsupported]').forEach(function (note) {
    note.hidden = supported;
  });
})();

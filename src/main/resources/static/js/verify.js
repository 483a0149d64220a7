/*
 * The verification landing page's camera (ADR 22). The browser's BarcodeDetector reads the QR code where the
 * browser has one; elsewhere jsQR, served from this site (/js/vendor/jsqr.js), reads frames drawn on a canvas.
 * Whatever the code says is handed to the page's own link form (/verify?link=...), so that the server alone
 * decides whether it is a link of this site. Without this file, or without a camera, the page still offers the
 * link and file forms.
 */
(function () {
  'use strict';

  var scanner = document.getElementById('qr-scanner');
  if (!scanner || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var start = document.getElementById('scan-start');
  var stop = document.getElementById('scan-stop');
  var video = document.getElementById('scan-video');
  var status = document.getElementById('scan-status');
  var canvas = document.createElement('canvas');
  var context = canvas.getContext('2d', { willReadFrequently: true });
  var stream = null;
  var timer = null;
  var decoding = false;
  scanner.hidden = false;

  function say(key) {
    status.textContent = scanner.getAttribute('data-' + key) || '';
  }

  /** A function that reads one frame and resolves to the code's text, or null. */
  function decoder() {
    if ('BarcodeDetector' in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf('qr_code') < 0) {
          return script();
        }
        var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        return function () {
          return detector.detect(video).then(function (codes) {
            return codes.length ? codes[0].rawValue : null;
          });
        };
      });
    }
    return script();
  }

  function script() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) {
        resolve(jsQrReader);
        return;
      }
      var tag = document.createElement('script');
      tag.src = scanner.getAttribute('data-decoder');
      tag.onload = function () { resolve(jsQrReader); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function jsQrReader() {
    var width = video.videoWidth;
    var height = video.videoHeight;
    if (!width || !height) {
      return Promise.resolve(null);
    }
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    var code = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
        { inversionAttempts: 'dontInvert' });
    return Promise.resolve(code ? code.data : null);
  }

  function halt() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function found(text) {
    halt();
    say('found');
    window.location.assign(scanner.getAttribute('data-landing') + '?link=' + encodeURIComponent(text));
  }

  start.addEventListener('click', function () {
    say('scanning');
    Promise.all([
      navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }),
      decoder()
    ]).then(function (results) {
      stream = results[0];
      var read = results[1];
      video.srcObject = stream;
      video.hidden = false;
      start.hidden = true;
      stop.hidden = false;
      stop.focus();
      return video.play().then(function () {
        timer = setInterval(function () {
          if (decoding) {
            return;
          }
          decoding = true;
          read().then(function (text) {
            decoding = false;
            if (text) {
              found(text);
            }
          }, function () {
            decoding = false;
          });
        }, 200);
      });
    }).catch(function (error) {
      halt();
      say(error && error.name === 'NotAllowedError' ? 'denied' : 'unavailable');
    });
  });

  stop.addEventListener('click', function () {
    halt();
    say('stopped');
    start.focus();
  });
})();

#!/usr/bin/env python3
"""Time the HTML report in headless Chromium: load, filter, sort.

  html_load.py REPORT.html [FILTER]   (FILTER must match some rows, not all)

Drives Chromium over --remote-debugging-pipe (DevTools protocol on fds 3
and 4, no network port) and prints, in milliseconds: the page load (from
navigation to the load event, as the page measured it), the first
contentful paint, how long a text filter takes to finish on every row, and
how long sorting by sAMAccountName takes. Chromium from Debian; nothing
else.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="ldfix-html-load.")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions",
             "--user-data-dir=" + self.profile, "--remote-debugging-pipe",
             "--window-size=1280,900"],
            pass_fds=(3, 4), preexec_fn=fds, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m["result"]
            self.events.append(m)

    def wait_event(self, method):
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read())

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        self.proc.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


FILTER_JS = """new Promise(function (done) {
  var q = document.getElementById('q'), out = document.getElementById('shown');
  var t0 = performance.now(), longest = 0, last = t0;
  q.value = %s; q.dispatchEvent(new Event('input'));
  (function poll() {
    var now = performance.now();
    if (now - last > longest) longest = now - last;
    last = now;
    if (/ of /.test(out.textContent))
      done(JSON.stringify({ms: now - t0, longest_frame: longest,
                           shown: out.textContent}));
    else requestAnimationFrame(poll);
  })();
})"""

SORT_JS = """(function () {
  var b = document.querySelector('th[data-col=sam] button');
  var t0 = performance.now(); b.click();
  return JSON.stringify({ms: performance.now() - t0});
})()"""

TIMING_JS = """JSON.stringify({
  load: performance.getEntriesByType('navigation')[0].loadEventEnd,
  dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
  rows: document.querySelectorAll('tr[data-dn]').length,
  ready: document.documentElement.getAttribute('data-js')})"""


def evaluate(b, session, expr):
    r = b.call("Runtime.evaluate", {"expression": expr, "awaitPromise": True,
                                    "returnByValue": True}, session)
    return json.loads(r["result"]["value"])


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    path = os.path.abspath(sys.argv[1])
    term = sys.argv[2] if len(sys.argv) == 3 else "u0001"
    b = Browser()
    try:
        target = b.call("Target.createTarget", {"url": "about:blank"})
        session = b.call("Target.attachToTarget",
                         {"targetId": target["targetId"],
                          "flatten": True})["sessionId"]
        b.call("Page.enable", {}, session)
        t0 = time.monotonic()
        b.call("Page.navigate", {"url": "file://" + path}, session)
        b.wait_event("Page.loadEventFired")
        wall = (time.monotonic() - t0) * 1000
        timing = evaluate(b, session, TIMING_JS)
        filt = evaluate(b, session, FILTER_JS % json.dumps(term))
        srt = evaluate(b, session, SORT_JS)
    finally:
        b.close()
    print("page %s: %.2f MB, %d rows, script %s" % (
        os.path.basename(path), os.path.getsize(path) / 1e6, timing["rows"],
        timing.get("ready")))
    fcp = timing.get("fcp")
    print("load event %.0f ms (wall %.0f ms), DOMContentLoaded %.0f ms, "
          "first contentful paint %s ms" % (
              timing["load"], wall, timing["dcl"],
              "%.0f" % fcp if fcp else "n/a"))
    print("filter '%s': %.0f ms to the last row (%s), longest frame %.0f ms"
          % (term, filt["ms"], filt["shown"], filt["longest_frame"]))
    print("sort by sAMAccountName: %.0f ms" % srt["ms"])


if __name__ == "__main__":
    main()

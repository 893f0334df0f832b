#!/usr/bin/env python3
"""Drives a language server over stdio like an editor does and measures what a user feels.

    python3 benches/lsp_latency.py                         # copydesk: seed, 1 MB, 10 MB
    python3 benches/lsp_latency.py --sizes seed,1MB --edits 200
    python3 benches/lsp_latency.py --peer "harper-ls --stdio" --sizes 100KB --edits 100

(harper-ls checks nothing in files above about 128 KB: compare with it at 100KB.)

For each article: time from `initialize` to the first diagnostics; from each `didChange` (a
single character inserted or removed at the start, middle and end, in turn) to the matching
`publishDiagnostics` (p50, p95, max), counted to the arrival of the message's last byte (the
client's own JSON parsing is reported apart, as `client_parse_p50_ms`); hover and code-action latency; the server's peak RSS
(VmHWM). With --peer, the same run measures the other server on the same files and prints the
ratios. copydesk runs with its debounce set to 0 so the figures are the server's own work.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import queue

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class Client:
    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=cwd)
        self.next_id = 0
        self.inbox = queue.Queue()
        self.parse_ms = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            # A message counts from when its last byte arrives: parsing it is the client's work
            # (1 MB of diagnostics takes this Python client 6 to 15 ms), reported apart.
            arrived = time.perf_counter()
            msg = json.loads(body)
            self.parse_ms.append((time.perf_counter() - arrived) * 1000)
            self.inbox.put((arrived, msg))

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait(self, pred, timeout=120):
        """Returns (time, message) of the first message satisfying pred; answers server
        requests on the way."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message")
            item = self.inbox.get(timeout=left)
            if item is None:
                raise RuntimeError("server closed its output")
            t, msg = item
            if "method" in msg and "id" in msg:
                self._answer(msg)
                continue
            if pred(msg):
                return t, msg

    def _answer(self, msg):
        method = msg["method"]
        if method == "workspace/configuration":
            items = msg["params"].get("items", [])
            result = [{"debounceMs": 0, "maxFileSizeKb": 1 << 20} for _ in items]
        else:
            result = None
        self.send({"id": msg["id"], "result": result})

    def peak_rss_mb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def close(self):
        try:
            rid = self.request("shutdown", None)
            self.wait(lambda m: m.get("id") == rid, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


# ---------------------------------------------------------------- articles

FIRST = ["Maria", "James", "Aisha", "Chen", "Olga", "David", "Fatima", "Luis", "Sarah", "Kwame"]
LAST = ["Alvarez", "Brennan", "Okafor", "Lindqvist", "Haddad", "Nakamura", "Kowalski", "Mensah"]
PLACES = ["Peoria", "Rafah", "Kharkiv", "Lagos", "Manila", "Cordoba", "Mosul", "Tacloban"]
ORGS = ["the Health Ministry", "the United Nations", "the Red Cross", "the World Bank"]


def synthetic(size, seed):
    """Real-looking copy with names and figures that vary paragraph to paragraph."""
    rng = random.Random(seed)
    parts = ["Storm leaves trail of damage across the region\n\nMANILA, Philippines (AP) — "]
    n = len(parts[0])
    while n < size:
        f, l, p = rng.choice(FIRST), rng.choice(LAST), rng.choice(PLACES)
        fig = rng.choice([f"{rng.randint(2, 90)},{rng.randint(100, 999)}", f"more than {rng.randint(10, 900)}",
                          f"{rng.randint(1, 9)}.{rng.randint(0, 9)} million", f"{rng.randint(1, 99)}%"])
        para = rng.choice([
            f"{fig} people were displaced in {p} on Monday, {rng.choice(ORGS)} said.",
            f"Mayor {f} {l} said the response in {p} had been slow. \"We did what we could,\" {l} said.",
            f"About {fig} families remain in shelters across {p}, and {l} said food would run short.",
            f"{f} {l} met officials in {p} to discuss the aid convoy, the second such meeting this month.",
        ]) + "\n\n"
        parts.append(para)
        n += len(para)
    return "".join(parts)


def article(name):
    if name == "seed":
        with open(os.path.join(ROOT, "seeds", "rafah-virtual-meeting.txt"), encoding="utf-8") as f:
            return f.read()
    size = {"100KB": 100 << 10, "1MB": 1 << 20, "10MB": 10 << 20}[name]
    return synthetic(size, seed=len(name))


# ---------------------------------------------------------------- measuring

def utf16_position(text, offset):
    before = text[:offset]
    line = before.count("\n")
    col_text = before[before.rfind("\n") + 1:]
    return {"line": line, "character": len(col_text.encode("utf-16-le")) // 2}


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
    return s[k]


def measure(cmd, name, text, edits, workdir):
    uri = "file://" + os.path.join(workdir, f"{name}.txt")
    with open(os.path.join(workdir, f"{name}.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    c = Client(cmd, workdir)
    t0 = time.perf_counter()
    rid = c.request("initialize", {
        "processId": os.getpid(), "rootUri": "file://" + workdir,
        "workspaceFolders": [{"uri": "file://" + workdir, "name": "bench"}],
        "capabilities": {"general": {"positionEncodings": ["utf-16"]},
                         "textDocument": {"publishDiagnostics": {"versionSupport": True},
                                          "hover": {"contentFormat": ["markdown"]}},
                         "workspace": {"configuration": True}},
        "initializationOptions": {"debounceMs": 0},
    })
    _, init = c.wait(lambda m: m.get("id") == rid)
    # A server that asks for full text sync (harper-ls does) gets the whole text at each change:
    # a ranged change would be read as the whole new text.
    sync = init.get("result", {}).get("capabilities", {}).get("textDocumentSync")
    full_sync = sync == 1 or isinstance(sync, dict) and sync.get("change") == 1
    c.notify("initialized", {})
    c.notify("workspace/didChangeConfiguration", {"settings": {"copydesk": {"debounceMs": 0}}})
    version = 1
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                       "version": version, "text": text}})
    is_ours = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    t_first, _ = c.wait(is_ours)
    first_ms = (t_first - t0) * 1000
    # Let a workspace scan settle so it does not count against the edits.
    time.sleep(0.2)
    while not c.inbox.empty():
        item = c.inbox.get()
        if item and "method" in item[1] and "id" in item[1]:
            c._answer(item[1])

    c.parse_ms.clear()
    latencies = {"start": [], "middle": [], "end": []}
    cur = text
    where_cycle = ["start", "middle", "end"]
    for i in range(edits):
        where = where_cycle[i % 3]
        insert = (i // 3) % 2 == 0
        if where == "start":
            off = 0
        elif where == "middle":
            off = len(cur) // 2
            off = cur.rfind(" ", 0, off) + 1 or off
        else:
            off = len(cur)
        if insert:
            new_cur = cur[:off] + "x" + cur[off:]
            change = {"range": {"start": utf16_position(cur, off), "end": utf16_position(cur, off)}, "text": "x"}
        else:
            # remove the x this position received on the previous round
            if where == "end":
                off = len(cur) - 1
            new_cur = cur[:off] + cur[off + 1:]
            change = {"range": {"start": utf16_position(cur, off), "end": utf16_position(cur, off + 1)}, "text": ""}
        if full_sync:
            change = {"text": new_cur}
        version += 1
        sent = time.perf_counter()
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": [change]})
        v = version
        got, _ = c.wait(lambda m: is_ours(m) and m["params"].get("version", v) == v)
        latencies[where].append((got - sent) * 1000)
        cur = new_cur
    parse_ms = list(c.parse_ms)

    hover_ms, action_ms = [], []
    probe = cur.find("Kirby said")
    probe = probe if probe >= 0 else len(cur) // 2
    pos = utf16_position(cur, probe)
    for _ in range(30):
        sent = time.perf_counter()
        rid = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
        got, _ = c.wait(lambda m: m.get("id") == rid)
        hover_ms.append((got - sent) * 1000)
        sent = time.perf_counter()
        rid = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                                                    "range": {"start": {"line": 0, "character": 0}, "end": utf16_position(cur, min(len(cur), 400))},
                                                    "context": {"diagnostics": []}})
        got, _ = c.wait(lambda m: m.get("id") == rid)
        action_ms.append((got - sent) * 1000)
    rss = c.peak_rss_mb()
    c.close()
    all_edits = [x for v in latencies.values() for x in v]
    return {
        "article": name, "bytes": len(text.encode()), "first_diagnostics_ms": round(first_ms, 2),
        "edits": len(all_edits),
        "change_p50_ms": round(pct(all_edits, 50), 3), "change_p95_ms": round(pct(all_edits, 95), 3),
        "change_max_ms": round(max(all_edits), 3),
        **{f"change_{w}_p95_ms": round(pct(v, 95), 3) for w, v in latencies.items()},
        "client_parse_p50_ms": round(pct(parse_ms, 50), 3) if parse_ms else None,
        "hover_p50_ms": round(pct(hover_ms, 50), 3), "code_action_p50_ms": round(pct(action_ms, 50), 3),
        "peak_rss_mb": round(rss, 1) if rss else None,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", default=os.path.join(ROOT, "target", "release", "copydesk") + " lsp",
                    help="server command (default: target/release/copydesk lsp)")
    ap.add_argument("--peer", help="another server command to measure on the same files, e.g. 'harper-ls --stdio'")
    ap.add_argument("--sizes", default="seed,1MB,10MB")
    ap.add_argument("--edits", type=int, default=150, help="didChange edits per article (>= 100 for the record)")
    args = ap.parse_args()
    import tempfile
    results = []
    for name in args.sizes.split(","):
        text = article(name)
        for label, cmd in [("copydesk", args.server), ("peer", args.peer)]:
            if not cmd:
                continue
            with tempfile.TemporaryDirectory(prefix="lsp-bench-") as d:
                r = measure(cmd.split(), name, text, args.edits, d)
            r["server"] = label if label == "copydesk" else cmd
            results.append(r)
            print(f"{r['server']:>20} {name:>5}: first diagnostics {r['first_diagnostics_ms']:8.2f} ms | "
                  f"didChange→publish p50 {r['change_p50_ms']:8.3f} p95 {r['change_p95_ms']:8.3f} "
                  f"max {r['change_max_ms']:8.3f} ms over {r['edits']} edits | hover {r['hover_p50_ms']:.3f} ms | "
                  f"code action {r['code_action_p50_ms']:.3f} ms | peak RSS {r['peak_rss_mb']} MB | "
                  f"client JSON parse p50 {r['client_parse_p50_ms']} ms", flush=True)
        if args.peer:
            ours, theirs = results[-2], results[-1]
            if ours["change_p95_ms"]:
                print(f"{'ratio':>20} {name:>5}: peer/copydesk didChange p95 = "
                      f"{theirs['change_p95_ms'] / max(ours['change_p95_ms'], 1e-6):.1f}x, "
                      f"peak RSS {theirs['peak_rss_mb']} / {ours['peak_rss_mb']} MB")
    print(json.dumps(results))


if __name__ == "__main__":
    main()

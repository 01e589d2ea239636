#!/usr/bin/env python3
"""Scale benchmark of `newsmon run --once` (issue 17): cost per article as the catalogue grows.

Generates loopback RSS feeds (ITEMS_PER_FEED new items each, 200: as many feeds as a size takes, so 20,000 articles
come from 100 feeds; --feeds N spreads every size over N feeds instead), starts its own Azurite (so that its CPU can be measured), stores a week of history
through newsmon itself, then for each size (default 1,000, 5,000 and 20,000 articles) serves that many new articles
dated within the last hours (live: spike checks run) and runs `newsmon run --once` twice: cold (every article new) and
steady (every feed answers 304). Prints wall time, CPU of newsmon and of Azurite, CPU ms per article (each, and both
together), storage requests per article (Azurite's access log) and newsmon's peak RSS, with the load average of the
machine. A cold run of a few articles first (--startup-articles, 10) measures what every run costs before its articles
(start-up, JIT, loading the models), so that newsmon's CPU per article can also be read without it; --kinds counts the
requests per article by kind, refused ones (409, 412, 404) apart.

Article text is drawn from a made-up vocabulary (--vocabulary, 5,000 words, Zipf-skewed) with a share of wire copies
(--wire-share, 0.15: the same body under another outlet), so the story index sees news-like overlap; --vocabulary 24
is the earlier fixed list, where every article resembles every other and every band row is full (the worst case).

Usage: scripts/scale-bench.py [--sizes 1000,5000,20000] [--items-per-feed 200 | --feeds 20] [--history-per-hour 20] [--vocabulary 5000]
                              [--wire-share 0.15] [--startup-articles 10] [--kinds | --silent] [--newsmon CMD]
Build first: dotnet build cli -c Release; npm ci (Azurite). Runs for minutes: not part of the test suite.
"""
import argparse
import collections
import email.utils
import hashlib
import json
import http.server
import os
import random
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="  # Azurite's documented development key
TICK = os.sysconf("SC_CLK_TCK")
WORDS = ("markets economy election parliament weather football climate energy court health science budget "
         "minister talks trade summit storm rally inflation border port strike ceasefire vaccine").split()
SOURCES = ["Mint", "Reuters", "AP", "BBC", "Dawn", "NPR", "Al Jazeera", "DW", "France 24", "The Hindu"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Feeds:
    """The feeds' current items; a feed's ETag changes only when its items do."""

    def __init__(self, count):
        self.items = [[] for _ in range(count)]
        self.lock = threading.Lock()

    def set(self, feed, items):
        with self.lock:
            self.items[feed] = items

    def render(self, feed, port):
        with self.lock:
            items = self.items[feed]
        parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{SOURCES[feed % len(SOURCES)]}</title>'
                 f'<link>http://127.0.0.1:{port}/</link><description>bench feed {feed}</description>']
        for (uid, published, title, body) in items:
            parts.append(f"<item><title>{title}</title><link>http://127.0.0.1:{port}/a/{uid}</link><guid>{uid}</guid>"
                         f"<pubDate>{email.utils.format_datetime(published)}</pubDate><description>{body}</description></item>")
        parts.append("</channel></rss>")
        return "".join(parts).encode()


def make_vocabulary(size):
    """`size` made-up words (fixed by the seed), the news-like case; 24 or fewer gives the old fixed list, where every
    article shares most word pairs with every other one, so every story-index band row is full (the worst case)."""
    if size <= len(WORDS):
        return WORDS[:size]
    rng = random.Random(5)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Newsroom:
    """Article text: words drawn with a Zipf-like skew from the vocabulary, and a share of wire copies (the same body
    under another outlet's headline), as syndication makes them."""

    def __init__(self, rng, vocabulary, wire_share):
        self.rng, self.words, self.wire_share = rng, vocabulary, wire_share
        self.weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
        self.wire = collections.deque(maxlen=200)

    def text(self, count):
        return " ".join(self.rng.choices(self.words, self.weights, k=count))

    def items(self, tag, feed, count, start, end):
        items = []
        span = (end - start).total_seconds()
        for n in range(count):
            published = start + timedelta(seconds=span * (n + self.rng.random()) / max(count, 1))
            roll = self.rng.random()
            subject = "Taliban" if roll < 0.08 else "Afghanistan" if roll < 0.12 else self.rng.choice(self.words).capitalize()
            if self.wire and self.rng.random() < self.wire_share:
                subject, body = self.rng.choice(self.wire)
                body = f"{body} Reported by {SOURCES[feed % len(SOURCES)]}."
            else:
                body = f"{subject} news: {self.text(40)}."
                self.wire.append((subject, body))
            items.append((f"{tag}-{feed}-{n}", published, f"{subject} {self.text(1)} {n} in {tag}", body))
        return items


def serve(feeds):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            match = re.fullmatch(r"/feed/(\d+)\.xml", self.path)
            if not match:
                self.send_error(404)
                return
            body = feeds.render(int(match.group(1)), self.server.server_port)
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def request_kind(method, url):
    """A request of Azurite's access log as "service resource operation": a table query (which Azurite answers by
    scanning the whole table) is told apart from a point operation on one PartitionKey and RowKey."""
    path = urllib.parse.unquote(url.split("?", 1)[0]).split("/")[2:]  # after /devstoreaccount1
    first = path[0] if path else ""
    if table := re.fullmatch(r"(\w+)\((.*)\)", first):
        if "PartitionKey" in table.group(2):
            return f"table {table.group(1)} point {method}"
        return f"table {table.group(1)} {'query' if method == 'GET' else method}"
    if first in ("$batch", "Tables") or (method == "POST" and len(path) == 1):  # a POST to /{table} inserts
        return f"table {first} {'insert' if first not in ('$batch', 'Tables') else method}"
    if len(path) > 1 and path[1] == "messages":
        return f"queue {first} {method}"
    return f"blob {first} {method}{' list' if '?' in url and 'comp=list' in url else ''}"


class Azurite:
    """Azurite in memory on free ports; counts the requests of its access log."""

    def __init__(self, silent):
        script = os.environ.get("NEWSMON_AZURITE") or os.path.join(ROOT, "node_modules", "azurite", "dist", "src", "azurite.js")
        self.ports = [free_port() for _ in range(3)]
        self.requests = 0
        self.kinds = collections.Counter()
        self.process = subprocess.Popen(
            # In memory (the bench only: newsmon keeps its data on disk); the access log is the request count, and
            # costs Azurite about an eighth of its CPU (written to a pipe per request): --silent turns it off, as
            # newsmon does for the Azurite it starts.
            ["node", script, "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
             *(["--silent"] if silent else []),
             "--blobHost", "127.0.0.1", "--blobPort", str(self.ports[0]), "--queueHost", "127.0.0.1",
             "--queuePort", str(self.ports[1]), "--tableHost", "127.0.0.1", "--tablePort", str(self.ports[2])],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(60):
            raise SystemExit("Azurite did not start")

    def _read(self):
        access = re.compile(r'"(GET|PUT|POST|DELETE|HEAD|MERGE|PATCH|OPTIONS) (/\S*)[^"]*" (\d{3})')
        for line in self.process.stdout:
            if match := access.search(line):
                self.requests += 1
                status = int(match.group(3))
                # A refused request (409 exists, 412 changed since read, 404) is a round trip, and an exception in newsmon.
                self.kinds[request_kind(match.group(1), match.group(2)) + (f" → {status}" if status >= 400 else "")] += 1
            elif "successfully listening" in line.lower() and "table" in line.lower():
                self.ready.set()

    def cpu(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    @property
    def connection_string(self):
        b, q, t = self.ports
        return (f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DEV_KEY};"
                f"BlobEndpoint=http://127.0.0.1:{b}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{q}/devstoreaccount1;"
                f"TableEndpoint=http://127.0.0.1:{t}/devstoreaccount1;")


def compiling(stats):
    """What newsmon's runtime counted, for a progress line ("" from a build without the hook): seconds spent compiling
    methods, and in garbage-collection pauses."""
    return (f"compiling {stats['compileSeconds']:.1f} s, {stats['compiledMethods']:,} methods; "
            f"GC pauses {stats['gcPauseSeconds']:.1f} s; ") if stats else ""


def newsmon(cmd, args, env):
    """Runs newsmon; returns (exit code, wall s, CPU s, peak RSS MB, stderr, runtime figures or None).

    The runtime figures are what newsmon writes as it exits when NEWSMON_RUNTIME_STATS names a file (README, "Scale and
    cost"): among them the seconds its runtime spent compiling methods, which a build without that hook leaves out."""
    with tempfile.TemporaryDirectory(prefix="newsmon-stats-") as scratch:
        stats_path = os.path.join(scratch, "runtime.json")
        started = time.monotonic()
        process = subprocess.Popen(cmd + args, env=dict(env, NEWSMON_RUNTIME_STATS=stats_path),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stderr_lines = []
        reader = threading.Thread(target=lambda: stderr_lines.extend(process.stderr), daemon=True)
        reader.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        reader.join(5)
        process.returncode = os.waitstatus_to_exitcode(status)
        stats = None
        if os.path.exists(stats_path):
            with open(stats_path) as f:
                stats = json.load(f)
    return process.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, "".join(stderr_lines), stats


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--items-per-feed", type=int, default=200,
                        help="new items a feed answers with in a size's cold run (a news feed holds tens to a few hundred): a size takes as many feeds as that needs")
    parser.add_argument("--feeds", type=int, default=None, help="spread every size over this many feeds instead (the rounds before 2026-12-07: 20)")
    parser.add_argument("--history-per-hour", type=int, default=20, help="articles per hour in the week of history")
    parser.add_argument("--live-hours", type=float, default=5, help="new articles are dated within these last hours")
    parser.add_argument("--silent", action="store_true", help="Azurite without its access log (as newsmon runs it): CPU as users see it, requests not counted")
    parser.add_argument("--kinds", action="store_true", help="after each cold run, the requests per article by kind (table query or point operation, blob, queue)")
    parser.add_argument("--vocabulary", type=int, default=5000, help="words the article text is drawn from (24: the old fixed list, every band row full)")
    parser.add_argument("--wire-share", type=float, default=0.15, help="share of articles that copy an earlier article's body (one story, many outlets)")
    parser.add_argument("--startup-articles", type=int, default=10,
                        help="before the sizes, a cold run of this many new articles: a run's fixed CPU (start-up, JIT, models), 0 to skip")
    parser.add_argument("--newsmon", default=f"dotnet {os.path.join(ROOT, 'cli/bin/Release/net10.0/newsmon.dll')}")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    cmd = shlex.split(options.newsmon)
    rng = random.Random(17)
    newsroom = Newsroom(rng, make_vocabulary(options.vocabulary), options.wire_share)
    folder = tempfile.mkdtemp(prefix="newsmon-scale-")
    def feeds_for(size):
        return options.feeds or max(1, -(-size // options.items_per_feed))

    all_feeds = options.feeds or max(feeds_for(size) for size in sizes)
    feeds = Feeds(all_feeds)
    server = serve(feeds)
    azurite = Azurite(options.silent and not options.kinds)
    env = dict(os.environ, NEWSMON_STORAGE=azurite.connection_string, Feeds__AllowLoopback="true")
    run = ["run", "--once", "--outbox", os.path.join(folder, "outbox")]
    try:
        for feed in range(all_feeds):
            code, *_rest, err, _stats = newsmon(cmd, ["feeds", "add", f"http://127.0.0.1:{server.server_port}/feed/{feed}.xml",
                                              "--id", f"bench-{feed}", "--name", SOURCES[feed % len(SOURCES)]], env)
            if code != 0:
                raise SystemExit(f"feeds add failed: {err}")
        # The bundled default catalogue is seeded with the first add: keep only the bench feeds.
        with open(os.path.join(ROOT, "functions", "Feeds", "Resources", "default-feeds.json")) as f:
            for feed in json.load(f):
                newsmon(cmd, ["feeds", "remove", feed["id"]], env)

        now = datetime.now(timezone.utc)
        per_feed = max(1, options.history_per_hour * 24 * 7 // all_feeds)
        for feed in range(all_feeds):
            feeds.set(feed, newsroom.items("history", feed, per_feed, now - timedelta(days=7, hours=6), now - timedelta(hours=6)))
        code, wall, cpu, rss, err, _stats = newsmon(cmd, run, env)
        print(f"history: {per_feed * all_feeds} articles from {all_feeds} feeds over the week before the last 6 hours, stored in {wall:.0f} s "
              f"(newsmon CPU {cpu:.0f} s, exit {code})", flush=True)

        startup_cpu = 0.0
        if options.startup_articles > 0:
            now = datetime.now(timezone.utc)
            feeds.set(0, newsroom.items("startup", 0, options.startup_articles, now - timedelta(hours=options.live_hours), now - timedelta(minutes=1)))
            code, wall, startup_cpu, rss, err, stats = newsmon(cmd, run, env)
            print(f"start-up: a cold run of {options.startup_articles} new articles took {wall:.1f} s, newsmon CPU {startup_cpu:.2f} s "
                  f"({compiling(stats)}RSS {rss:.0f} MB, exit {code}): what every run costs before its articles", flush=True)

        rows = []
        for size in sizes:
            now = datetime.now(timezone.utc)
            # The size's feeds get new items (the first ones one more, so that they add up to the size); the others
            # keep theirs and answer 304.
            used = feeds_for(size)
            for feed in range(used):
                feeds.set(feed, newsroom.items(f"n{size}", feed, size // used + (1 if feed < size % used else 0),
                                           now - timedelta(hours=options.live_hours), now - timedelta(minutes=1)))
            for phase in ("cold", "steady"):
                load = os.getloadavg()[0]
                azurite_cpu, requests, kinds = azurite.cpu(), azurite.requests, collections.Counter(azurite.kinds)
                code, wall, cpu, rss, err, stats = newsmon(cmd, run, env)
                azurite_cpu, requests = azurite.cpu() - azurite_cpu, azurite.requests - requests
                compile_s = stats["compileSeconds"] if stats else None
                analyzed = re.findall(r"analyzed (\d+)", err)
                articles = int(analyzed[-1]) if analyzed else 0
                per = max(articles, 1)
                rows.append((size, used, phase, articles, wall, cpu, compile_s, azurite_cpu, requests / per if articles else requests, rss, load, code))
                print(f"{size:>6} {phase:<6} feeds {used:>4} articles {articles:>6}  wall {wall:7.1f} s  newsmon CPU {cpu:7.1f} s  {compiling(stats)}"
                      f"Azurite CPU {azurite_cpu:7.1f} s  {cpu * 1000 / per:6.2f} ms/article  "
                      f"{(requests / per if articles else requests):6.1f} requests/article  RSS {rss:6.0f} MB  load {load:.1f}  exit {code}", flush=True)
                if options.kinds and articles:
                    for kind, count in sorted((azurite.kinds - kinds).items(), key=lambda item: -item[1]):
                        print(f"         {count / per:8.3f} per article  {kind}", flush=True)

        print("\n| articles (feeds) | run | wall | newsmon CPU | — compiling | Azurite CPU | newsmon CPU/article | — after start-up | — without compiling | Azurite CPU/article | CPU/article, both | storage requests/article | peak RSS | load avg (1 min) |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        flat = []
        for size, used, phase, articles, wall, cpu, compile_s, acpu, req, rss, load, code in rows:
            requests = "—" if options.silent and not options.kinds else f"{req:.1f}" if articles else f"{req:.0f} in all"
            figures = (cpu * 1000 / articles, (cpu - startup_cpu) * 1000 / articles,
                       (cpu - compile_s) * 1000 / articles if compile_s is not None else None,
                       acpu * 1000 / articles, (cpu + acpu) * 1000 / articles) if articles else None
            if figures and phase == "cold":
                flat.append((size, figures, rss))
            shown = " | ".join("—" if figure is None else f"{figure:.2f} ms" for figure in figures) if figures else " | ".join(["—"] * 5)
            compiled = "—" if compile_s is None else f"{compile_s:.1f} s"
            print(f"| {size:,} ({used}) | {phase} ({articles:,} analyzed) | {wall:.1f} s | {cpu:.1f} s | {compiled} | {acpu:.1f} s | "
                  f"{shown} | {requests} | {rss:.0f} MB | {load:.1f} |")
        if len(flat) > 1:
            (first, a, first_rss), (last, b, last_rss) = flat[0], flat[-1]
            names = ("newsmon", f"newsmon after its start-up ({startup_cpu:.2f} s)" if options.startup_articles else None,
                     "newsmon without compiling", "Azurite", "both")
            print(f"\nCPU per article, {first:,} -> {last:,} articles: " + ", ".join(
                f"{name} {(y / x - 1) * 100:+.0f} %" for name, x, y in zip(names, a, b) if name and x is not None and y is not None), flush=True)
            print(f"newsmon peak RSS, {first:,} -> {last:,} articles: {first_rss:.0f} -> {last_rss:.0f} MB "
                  f"({(last_rss / first_rss - 1) * 100:+.0f} %)", flush=True)
    finally:
        azurite.process.terminate()
        azurite.process.wait(10)
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

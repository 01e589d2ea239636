#!/usr/bin/env python3
"""Deterministic builder of the labelled "same story?" pairs (bench/Corpus/stories/pairs.jsonl).

Run from anywhere: python3 bench/Corpus/stories/make-pairs.py. Same seed, same file: the pairs are committed, and this
script documents how they were made. Every text comes from this repository: the demo scenario
(cli/Demo/Data/scenario.json and templates.json), the feed-parser benchmark corpus (bench/Corpus/feeds) and the
hand-written rewrites beside this script (rewrites.json).

Labels:
  same       one story in two versions: a hand-written rewrite of a demo story, or a copy with the edits syndication
             makes (headline prefix/suffix or rewording, dateline, credit, trimmed or re-ordered lede, a sentence
             added, a newsletter prompt appended)
  different  two stories that share a topic: demo stories about the same events (the Taliban's July 2021 advance,
             the Tokyo Olympics), two fills of the same demo template ("{country} central bank holds key rate at
             {rate}%"), and pairs of benchmark-corpus items, both random and the most word-sharing ones
"""
import html
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DEMO = os.path.join(ROOT, "cli", "Demo", "Data")
FEEDS = os.path.join(ROOT, "bench", "Corpus", "feeds")
rng = random.Random(20210709)

TITLE_PREFIXES = ["UPDATE 1-", "UPDATE 2-", "WRAPUP 1-", "EXCLUSIVE-", "Analysis: ", "Breaking: ", "WATCH: "]
TITLE_SUFFIXES = [" - sources", " | Global Wire", " (Updated)", " - report", " - officials", ": live updates"]
DATELINES = ["KABUL, July 9 (Global Wire) - ", "ISLAMABAD (APR) - ", "NEW DELHI: ", "MOSCOW, July 9 - ", "(Meridian) ",
             "By Continental Times staff. "]
ADDED_SENTENCES = ["The ministry did not immediately respond to a request for comment.",
                   "Officials gave no further details.",
                   "The statement could not be independently verified.",
                   "Additional reporting by our correspondents."]
FURNITURE = ["Subscribe to our newsletter for the latest updates.", "Download the app for breaking news alerts.",
             "Read more: our full coverage.", "Copyright © 2021. All rights reserved."]
SYNONYMS = {"said": "stated", "says": "said", "warn": "caution", "warns": "cautions", "seize": "capture",
            "seized": "captured", "take": "seize", "took": "seized", "fighters": "militants", "officials": "authorities",
            "government": "administration", "talks": "negotiations", "group": "movement", "border": "frontier",
            "rises": "climbs", "falls": "drops", "quickly": "rapidly", "insisted": "maintained", "confirmed": "said",
            "announced": "said", "thousands": "many thousands", "country": "nation", "week": "seven days"}


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def reword(text, count):
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if w.lower().strip(",.") in SYNONYMS]
    for i in rng.sample(spots, min(count, len(spots))):
        bare = words[i].strip(",.")
        replacement = SYNONYMS[bare.lower()]
        if bare[:1].isupper():
            replacement = replacement[:1].upper() + replacement[1:]
        words[i] = words[i].replace(bare, replacement)
    return " ".join(words)


def edit_title(title):
    ops = rng.sample(["prefix", "suffix", "reword", "cut", "case"], rng.randint(1, 2))
    for op in ops:
        if op == "prefix":
            title = rng.choice(TITLE_PREFIXES) + title
        elif op == "suffix":
            title = title + rng.choice(TITLE_SUFFIXES)
        elif op == "reword":
            title = reword(title, 2)
        elif op == "cut" and re.search(r"[,:;] ", title):
            parts = re.split(r"[,:;] ", title, maxsplit=1)
            title = max(parts, key=len)
        elif op == "case":
            title = " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
    return title


def edit_lede(summary):
    ops = rng.sample(["dateline", "drop", "add", "furniture", "reword", "first"], rng.randint(1, 3))
    for op in ops:
        parts = sentences(summary)
        if op == "dateline":
            summary = rng.choice(DATELINES) + summary
        elif op == "drop" and len(parts) > 2:
            summary = " ".join(parts[:-1])
        elif op == "first" and len(parts) > 2:
            summary = " ".join(parts[:2])
        elif op == "add":
            summary = summary + " " + rng.choice(ADDED_SENTENCES)
        elif op == "furniture":
            summary = summary + " " + rng.choice(FURNITURE)
        elif op == "reword":
            summary = reword(summary, 3)
    return summary


def strip_html(text):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text or ""))).strip()


def corpus_items():
    items = []
    for name in sorted(os.listdir(FEEDS)):
        if not name.startswith("rss20-") or "windows-1252" in name:
            continue
        with open(os.path.join(FEEDS, name), encoding="utf-8") as handle:
            xml = handle.read()
        for block in re.findall(r"<item>(.*?)</item>", xml, re.S):
            title = re.search(r"<title>(.*?)</title>", block, re.S)
            body = re.search(r"<content:encoded>(.*?)</content:encoded>", block, re.S) or \
                re.search(r"<description>(.*?)</description>", block, re.S)
            if not title or not body:
                continue
            clean = lambda t: strip_html(re.sub(r"<!\[CDATA\[(.*?)\]\]>", r"\1", t, flags=re.S))
            items.append({"title": clean(title.group(1)), "summary": " ".join(sentences(clean(body.group(1)))[:3]),
                          "feed": name})
    return items


def fill(template, slots):
    values = {}

    def pick(match):
        slot = match.group(1)
        if slot not in values:
            choices = [v for v in slots[slot.rstrip("0123456789")] if v not in values.values()]
            values[slot] = rng.choice(choices)
        return values[slot]

    return {"title": re.sub(r"\{(\w+)\}", pick, template["title"]),
            "summary": re.sub(r"\{(\w+)\}", pick, template["summary"])}


def words(item):
    return set(re.findall(r"[a-z0-9]+", (item["title"] + " " + item["summary"]).lower()))


def main():
    scenario = json.load(open(os.path.join(DEMO, "scenario.json"), encoding="utf-8"))
    templates = json.load(open(os.path.join(DEMO, "templates.json"), encoding="utf-8"))
    rewrites = json.load(open(os.path.join(HERE, "rewrites.json"), encoding="utf-8"))["rewrites"]
    stories = [{"title": s["title"], "summary": s["summary"]} for s in scenario["stories"]]
    pairs = []

    def add(label, kind, a, b):
        pairs.append({"id": f"{kind}-{sum(1 for p in pairs if p['kind'] == kind) + 1:03d}", "label": label,
                      "kind": kind, "a": {"title": a["title"], "summary": a["summary"]},
                      "b": {"title": b["title"], "summary": b["summary"]}})

    # Same story: the hand-written rewrites, then syndication edits of demo stories, template fills and corpus items.
    for rewrite in rewrites:
        add("same", "demo-rewrite", stories[rewrite["story"]], rewrite)
    for story in stories:
        for _ in range(2):
            add("same", "demo-edited", story, {"title": edit_title(story["title"]), "summary": edit_lede(story["summary"])})
    fills = []
    for template in templates["templates"]:
        first, second = fill(template, templates["slots"]), fill(template, templates["slots"])
        fills.append((first, second))
        add("same", "template-edited", first, {"title": edit_title(first["title"]), "summary": edit_lede(first["summary"])})
    corpus = corpus_items()
    for item in rng.sample(corpus, 160):
        add("same", "corpus-edited", item, {"title": edit_title(item["title"]), "summary": edit_lede(item["summary"])})

    # Different stories on one topic.
    taliban = [s for s in stories if "Taliban" in s["title"] + s["summary"] or "Afghan" in s["title"] + s["summary"]]
    for i, a in enumerate(taliban):
        for b in taliban[i + 1:]:
            add("different", "demo-same-topic", a, b)
    olympics = [s for s in stories if "Olympics" in s["title"]]
    for i, a in enumerate(olympics):
        for b in olympics[i + 1:]:
            add("different", "demo-same-topic", a, b)
    for first, second in fills:
        if first["title"] != second["title"]:
            add("different", "template-other-fill", first, second)
    vocab = [words(item) for item in corpus]
    for i in rng.sample(range(len(corpus)), 200):
        nearest = max((j for j in range(len(corpus)) if j != i and corpus[j]["title"] != corpus[i]["title"]),
                      key=lambda j: len(vocab[i] & vocab[j]) / len(vocab[i] | vocab[j]))
        add("different", "corpus-nearest", corpus[i], corpus[nearest])
    for _ in range(100):
        i, j = rng.sample(range(len(corpus)), 2)
        if corpus[i]["title"] != corpus[j]["title"]:
            add("different", "corpus-random", corpus[i], corpus[j])

    with open(os.path.join(HERE, "pairs.jsonl"), "w", encoding="utf-8", newline="\n") as out:
        for pair in pairs:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    kinds = {}
    for pair in pairs:
        kinds[(pair["label"], pair["kind"])] = kinds.get((pair["label"], pair["kind"]), 0) + 1
    for (label, kind), count in sorted(kinds.items()):
        print(f"{label:9} {kind:20} {count}")
    print(f"{len(pairs)} pairs")


if __name__ == "__main__":
    main()

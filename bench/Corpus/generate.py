#!/usr/bin/env python3
"""Deterministic generator of the feed-parser benchmark corpus (bench/Corpus/feeds).

Run from anywhere: python3 bench/Corpus/generate.py. Same seed, same bytes: the corpus is committed, and this
script documents how it was made. Realistic world-news text (modelled on the July 2021 Afghanistan coverage the
project uses as its canonical example), HTML in descriptions and content, several formats and encodings.
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "feeds")
rng = random.Random(20210709)

ACTORS = ["The Taliban", "India's external affairs ministry", "Russian foreign minister Sergei Lavrov", "The Afghan government",
          "Pakistan's army", "The United Nations", "US officials", "China's foreign ministry", "Iran's envoy", "NATO commanders",
          "President Ashraf Ghani", "Turkish negotiators", "Qatar's mediators", "The European Union", "Aid agencies"]
VERBS = ["said on Friday that", "warned that", "confirmed that", "denied reports that", "told reporters that",
         "signalled that", "insisted that", "acknowledged that", "claimed that", "announced that"]
EVENTS = ["fighters had seized a key border crossing near Spin Boldak", "talks in Doha would resume next week",
          "the withdrawal of foreign troops was almost complete", "security at Kabul airport remained a priority",
          "thousands of families had fled the fighting in Kandahar", "humanitarian corridors were needed urgently",
          "the situation in Herat was deteriorating quickly", "consulates in Mazar-i-Sharif would be evacuated",
          "regional powers were watching developments closely", "a ceasefire was not on the table",
          "trade routes through Torkham had been disrupted", "prices of food and fuel had doubled in a month",
          "the group controlled about a third of the country's districts", "diplomats met in Moscow and Tehran",
          "the border with Tajikistan was being reinforced"]
PLACES = ["Kabul", "Kandahar", "Herat", "Doha", "Moscow", "New Delhi", "Islamabad", "Tehran", "Dushanbe", "Washington", "Beijing", "Geneva"]
TOPICS = ["Afghanistan", "Taliban", "India", "Russia", "Diplomacy", "Security", "Refugees", "Economy", "Asia", "World"]
AUTHORS = ["Elizabeth Roche", "Shishir Gupta", "Rezaul H Laskar", "Anne Marie Walsh", "Tom Hussain", "Olga Petrova", "Ahmad Sultan"]
HEADLINES = ["{a} as {e}", "{p}: {e}", "Why {e} matters for {p}", "Live: {e}", "Analysis — {e}", "{a} says {e}"]


def sentence():
    return f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(EVENTS)}."


def headline():
    e = rng.choice(EVENTS)
    text = rng.choice(HEADLINES).format(a=rng.choice(ACTORS), e=e, p=rng.choice(PLACES))
    if rng.random() < 0.2:
        text = text.replace(" and ", " & ")
    if rng.random() < 0.1:
        text = "\u2018" + text + "\u2019"
    return text[0].upper() + text[1:]


def paragraph(n):
    return " ".join(sentence() for _ in range(n))


def html_body(paragraphs, slug):
    parts = []
    for i in range(paragraphs):
        p = paragraph(rng.randint(2, 5))
        if i == 0:
            p = f'<strong>{rng.choice(PLACES).upper()}:</strong> ' + p
        if rng.random() < 0.3:
            p += f' <a href="https://news.example.com/topic/{rng.choice(TOPICS).lower()}">Read more</a>'
        parts.append(f"<p>{p}</p>")
        if rng.random() < 0.15:
            parts.append(f'<figure><img src="https://cdn.example.com/{slug}-{i}.jpg" alt="Photo"><figcaption>{sentence()}</figcaption></figure>')
    if rng.random() < 0.2:
        parts.append("<script>window.dataLayer=window.dataLayer||[];dataLayer.push({'event':'article'});</script>")
    return "\n".join(parts)


def slug_of(title, n):
    s = "".join(c.lower() if c.isalnum() else "-" for c in title)[:60].strip("-")
    return f"{s}-{n}"


def items(count, start):
    when = start
    for n in range(count):
        when -= timedelta(minutes=rng.randint(5, 180))
        title = headline()
        slug = slug_of(title, rng.randint(100000, 999999))
        yield {
            "title": title, "slug": slug, "when": when, "summary": paragraph(rng.randint(1, 3)),
            "content": html_body(rng.randint(3, 8), slug), "author": rng.choice(AUTHORS),
            "categories": rng.sample(TOPICS, rng.randint(1, 3)),
        }


def rfc822(d, zone="+0000"):
    return d.strftime("%a, %d %b %Y %H:%M:%S ") + zone


BAD_DATES = [lambda d: d.strftime("%d %b %Y %H:%M:%S GMT"), lambda d: d.strftime("Mon, %d %b %Y %H:%M:%S EST"),
             lambda d: d.strftime("%a, %-d %b %y %H:%M PDT"), lambda d: d.strftime("%A, %d %B %Y %H:%M:%S"),
             lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+05:30"), lambda d: d.strftime("%a, %d %b %Y %H:%M:%S IST"),
             lambda d: d.strftime("%a %b %d %H:%M:%S %Y"), lambda d: "unknown"]


def rss20(name, count, site, bad_dates=False, encoding="utf-8", media=True, content=True):
    start = datetime(2021, 7, 9, 18, 0, tzinfo=timezone.utc)
    out = [f'<?xml version="1.0" encoding="{encoding}"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">',
           "<channel>", f"<title>{escape(site)} \u2014 World</title>", f"<link>https://{host(site)}/</link>",
           f'<atom:link href="https://{host(site)}/rss/world.xml" rel="self" type="application/rss+xml"/>',
           "<description>Latest world news and analysis</description>", "<language>en</language>",
           f"<lastBuildDate>{rfc822(start)}</lastBuildDate>"]
    for i, it in enumerate(items(count, start)):
        date = rng.choice(BAD_DATES)(it["when"]) if bad_dates else rfc822(it["when"])
        link = f"https://{host(site)}/world/{it['slug']}.html"
        out.append("<item>")
        out.append(f"<title>{escape(it['title'])}</title>")
        out.append(f"<link>{link}</link>")
        out.append(f'<guid isPermaLink="{"true" if i % 3 else "false"}">{link if i % 3 else "id-" + it["slug"]}</guid>')
        out.append(f"<pubDate>{date}</pubDate>")
        out.append(f"<description><![CDATA[<p>{it['summary']}</p>]]></description>")
        if content:
            out.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        out.append(f"<dc:creator>{escape(it['author'])}</dc:creator>")
        for c in it["categories"]:
            out.append(f"<category>{c}</category>")
        if media:
            out.append(f'<media:content url="https://cdn.example.com/{it["slug"]}.jpg" type="image/jpeg" medium="image" width="1200" height="675">'
                       f'<media:thumbnail url="https://cdn.example.com/{it["slug"]}-thumb.jpg"/></media:content>')
        out.append("</item>")
    out.append("</channel></rss>")
    write(name, "\n".join(out), encoding)


def atom10(name, count, site):
    start = datetime(2021, 7, 9, 18, 0, tzinfo=timezone.utc)
    h = host(site)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://{h}/">',
           f"<title>{escape(site)}</title>", f'<link rel="alternate" type="text/html" href="https://{h}/"/>',
           f'<link rel="self" href="https://{h}/atom.xml"/>', f"<id>tag:{h},2021:feed</id>",
           f"<updated>{start.isoformat()}</updated>", f"<author><name>{escape(site)} newsroom</name></author>"]
    for it in items(count, start):
        out.append("<entry>")
        out.append(f'<title type="html">{escape(escape(it["title"]))}</title>')
        out.append(f'<link rel="alternate" type="text/html" href="/world/{it["slug"]}"/>')
        out.append(f"<id>tag:{h},2021:{it['slug']}</id>")
        out.append(f"<published>{it['when'].isoformat()}</published>")
        out.append(f"<updated>{(it['when'] + timedelta(minutes=30)).isoformat()}</updated>")
        out.append(f"<author><name>{escape(it['author'])}</name></author>")
        for c in it["categories"]:
            out.append(f'<category term="{c.lower()}" label="{c}"/>')
        out.append(f'<summary type="html">{escape("<p>" + it["summary"] + "</p>")}</summary>')
        out.append(f'<content type="html">{escape(it["content"])}</content>')
        out.append("</entry>")
    out.append("</feed>")
    write(name, "\n".join(out))


def atom03(name, count, site):
    start = datetime(2021, 7, 9, 18, 0, tzinfo=timezone.utc)
    h = host(site)
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en">',
           f"<title>{escape(site)}</title>", f'<link rel="alternate" type="text/html" href="https://{h}/"/>',
           f"<modified>{start.isoformat()}</modified>", f"<author><name>{escape(site)}</name></author>"]
    for it in items(count, start):
        out.append("<entry>")
        out.append(f"<title>{escape(it['title'])}</title>")
        out.append(f'<link rel="alternate" type="text/html" href="https://{h}/{it["slug"]}"/>')
        out.append(f"<id>tag:{h},2021:{it['slug']}</id>")
        out.append(f"<issued>{it['when'].isoformat()}</issued><modified>{it['when'].isoformat()}</modified>")
        out.append(f'<content type="text/html" mode="escaped">{escape(it["content"])}</content>')
        out.append("</entry>")
    out.append("</feed>")
    write(name, "\n".join(out))


def rdf(name, count, site):
    start = datetime(2021, 7, 9, 18, 0, tzinfo=timezone.utc)
    h = host(site)
    its = list(items(count, start))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           f'<channel rdf:about="https://{h}/rss"><title>{escape(site)}</title><link>https://{h}/</link>',
           "<description>RSS 1.0</description><items><rdf:Seq>"]
    out += [f'<rdf:li rdf:resource="https://{h}/{it["slug"]}"/>' for it in its]
    out.append("</rdf:Seq></items></channel>")
    for it in its:
        out.append(f'<item rdf:about="https://{h}/{it["slug"]}"><title>{escape(it["title"])}</title><link>https://{h}/{it["slug"]}</link>')
        out.append(f"<description>{escape(it['summary'])}</description><dc:date>{it['when'].isoformat()}</dc:date>")
        out.append(f"<dc:creator>{escape(it['author'])}</dc:creator><dc:subject>{it['categories'][0]}</dc:subject>")
        out.append(f"<content:encoded>{escape(it['content'])}</content:encoded></item>")
    out.append("</rdf:RDF>")
    write(name, "\n".join(out))


def jsonfeed(name, count, site, version):
    start = datetime(2021, 7, 9, 18, 0, tzinfo=timezone.utc)
    h = host(site)
    doc = {"version": f"https://jsonfeed.org/version/{version}", "title": site, "home_page_url": f"https://{h}/",
           "feed_url": f"https://{h}/feed.json", "items": []}
    for it in items(count, start):
        item = {"id": f"https://{h}/{it['slug']}", "url": f"https://{h}/{it['slug']}", "title": it["title"],
                "summary": it["summary"], "content_html": it["content"], "date_published": it["when"].isoformat(),
                "tags": it["categories"], "image": f"https://cdn.example.com/{it['slug']}.jpg"}
        if version == "1":
            item["author"] = {"name": it["author"]}
        else:
            item["authors"] = [{"name": it["author"]}]
        doc["items"].append(item)
    write(name, json.dumps(doc, ensure_ascii=False, indent=1))


def host(site):
    return "".join(c for c in site.lower() if c.isalnum()) + ".example.com"


def write(name, text, encoding="utf-8"):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(text.encode(encoding, errors="replace"))


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    rss20("rss20-mint-world-200.xml", 200, "Mint")
    rss20("rss20-hindustan-times-120.xml", 120, "Hindustan Times")
    rss20("rss20-dawn-60.xml", 60, "Dawn")
    rss20("rss20-tass-20.xml", 20, "TASS", media=False)
    rss20("rss20-headlines-only-150.xml", 150, "Wire Headlines", media=False, content=False)
    rss20("rss20-windows-1252-80.xml", 80, "Le Monde Diplo", encoding="windows-1252")
    rss20("rss20-bad-dates-100.xml", 100, "Kabul Times", bad_dates=True)
    atom10("atom10-aljazeera-150.xml", 150, "Al Jazeera")
    atom10("atom10-reuters-40.xml", 40, "Reuters")
    atom03("atom03-legacy-blog-50.xml", 50, "Legacy Blog")
    rdf("rdf-asia-desk-100.xml", 100, "Asia Desk")
    jsonfeed("jsonfeed11-world-100.json", 100, "JSON World", "1.1")
    jsonfeed("jsonfeed10-briefing-30.json", 30, "Morning Briefing", "1")


if __name__ == "__main__":
    main()

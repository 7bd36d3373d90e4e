"""Build each language in its own process (e.g. parallel CI jobs) and merge the outputs.

    # job 1                                   # job 2
    KB_ONLY_LOCALE=de mkdocs build -d out/de  KB_ONLY_LOCALE=en mkdocs build -d out/en
    # then
    python -m scripts.split_build merge --out site out/de out/en

or all in one: ``python -m scripts.split_build build --out site [--jobs 2]``.

The merge reproduces what the full build writes, where both languages are
built one after the other into the same directory (German, then English,
the order of ``plugins.i18n.languages``):

- every file is copied, the later language winning where both wrote the same
  path, exactly as in the full build: theme assets (identical), ``tags.json``
  (the full build keeps the last language's);
- ``404.html``: the same, unless the languages have 404 pages of their own
  (``en/404.html``): then the root one is the default language's;
- ``sitemap.xml`` lists the pages of every language built in the process, so
  the merge joins the ``<url>`` entries of the per-language sitemaps in
  language order and writes ``sitemap.xml.gz`` as MkDocs does (gzip with the
  mtime of the newest ``lastmod``); a copy of it at a language root
  (``en/sitemap.xml``) gets the merged one too. One-entry sitemaps beside
  single pages are copied like any file.

Set ``SOURCE_DATE_EPOCH`` in every job so ``lastmod`` (MkDocs writes the build
day) is the same when jobs run across midnight.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("de", "en")  # plugins.i18n.languages order: the order the full build writes them
MERGED = {"sitemap.xml", "sitemap.xml.gz"}
_URL = re.compile(r"\n    <url>.*?</url>", re.S)


def merge_sitemaps(texts: list[str]) -> str:
    """One sitemap with the ``<url>`` entries of ``texts`` in order."""
    head, _, _ = texts[0].partition("\n    <url>")
    if "<url>" not in texts[0]:
        head = texts[0].rsplit("</urlset>", 1)[0].rstrip("\n")
    entries = "".join(m.group(0) for text in texts for m in _URL.finditer(text))
    return f"{head}{entries}\n</urlset>"


def gzip_like_mkdocs(xml: str) -> bytes:
    """``sitemap.xml.gz`` as MkDocs writes it: mtime = the newest lastmod, UTC midnight."""
    dates = re.findall(r"<lastmod>([0-9-]+)</lastmod>", xml)
    if dates:
        stamp = int(dt.datetime.fromisoformat(max(dates)).replace(tzinfo=dt.timezone.utc).timestamp())
    else:
        stamp = int(os.environ.get("SOURCE_DATE_EPOCH") or dt.datetime.now(dt.timezone.utc).timestamp())
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, filename="sitemap.xml.gz", mode="wb", mtime=stamp) as gz:
        gz.write(xml.encode("utf-8"))
    return buf.getvalue()


def merge(out: Path, parts: list[Path]) -> None:
    """Merge per-language outputs ``parts`` (in language order) into ``out``."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    roots = {f"{lang}/sitemap.xml" for lang in LANGS[1:]}
    per_language_404 = any((p / lang / "404.html").exists() for p in parts for lang in LANGS[1:])
    for index, part in enumerate(parts):
        for src in sorted(part.rglob("*")):
            rel = src.relative_to(part).as_posix()
            if src.is_dir() or rel in MERGED or rel in roots:
                continue
            if rel == "404.html" and per_language_404 and index > 0:
                continue  # each language has its own 404 page; the root one is the default's
            dest = out / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    sitemaps = [(p / "sitemap.xml").read_text("utf-8") for p in parts if (p / "sitemap.xml").exists()]
    if sitemaps:
        xml = merge_sitemaps(sitemaps)
        (out / "sitemap.xml").write_text(xml, "utf-8")
        (out / "sitemap.xml.gz").write_bytes(gzip_like_mkdocs(xml))
        for rel in roots:  # a language root's copy of the site's sitemap (hooks/seo.py)
            if any((p / rel).exists() for p in parts):
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                (out / rel).write_text(xml, "utf-8")


def build(out: Path, *, project: Path = ROOT, tool: str = "mkdocs", jobs: int = 1,
          config: str = "mkdocs.yml", strict: bool = True) -> None:
    """Build every language in its own process (``jobs`` at a time) and merge into ``out``."""
    work = out.with_name(out.name + ".parts")
    if work.exists():
        shutil.rmtree(work)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    procs, parts = [], []
    for lang in LANGS:
        part = work / lang
        parts.append(part)
        args = [sys.executable, "-m", tool, "build", "-f", config, "-d", str(part)]
        if strict:
            args.append("--strict")
        procs.append(subprocess.Popen(args, cwd=project, env={**env, "KB_ONLY_LOCALE": lang},
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        if len(procs) >= jobs:
            _wait(procs)
    _wait(procs)
    merge(out, parts)
    shutil.rmtree(work)


def _wait(procs: list) -> None:
    """Wait for every process; stop with its output if one failed."""
    while procs:
        proc = procs.pop(0)
        output, _ = proc.communicate()
        if proc.returncode:
            sys.stderr.write(output)
            raise SystemExit(f"split build: {' '.join(proc.args)} failed")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``merge OUT PART…`` or ``build --out OUT``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("merge", help="merge per-language outputs, in language order")
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("parts", type=Path, nargs="+")
    b = sub.add_parser("build", help="build every language on its own, then merge")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--jobs", type=int, default=1)
    b.add_argument("--tool", default="mkdocs")
    b.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    if args.command == "merge":
        merge(args.out, args.parts)
    else:
        build(args.out.resolve(), jobs=args.jobs, tool=args.tool, config=args.config_file,
              project=Path.cwd())
    return 0


if __name__ == "__main__":
    sys.exit(main())

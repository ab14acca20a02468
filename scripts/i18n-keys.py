#!/usr/bin/env python3
"""Finds the user-facing strings in the source and keeps the resource files complete.

English text is the key (views: @T["English"], C#: t["English"], DataAnnotations ErrorMessage/Display(Name)).
Resources: src/LybuntCrm.Web/Resources/SharedResource.resx (English, key = value) plus .vi.resx and .fa.resx.

  python3 scripts/i18n-keys.py                 report keys missing from each resx (exit 1 if any)
  python3 scripts/i18n-keys.py --add           add missing keys to the English resx (value = key)
  python3 scripts/i18n-keys.py --todo vi > vi.tsv
                                               English keys without a vi translation, one per line as
                                               "key<TAB>" (fill in the text after the tab)
  python3 scripts/i18n-keys.py --import vi vi.tsv
                                               merge "key<TAB>translation" lines into SharedResource.vi.resx
  python3 scripts/i18n-keys.py --unused        keys in the English resx that no source literal uses
                                               (dynamic keys such as role names may show up here: keep them)

The same patterns are checked by tests/LybuntCrm.UnitTests/Resources/ResourceCompletenessTests.cs.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WEB = os.path.join(ROOT, "src", "LybuntCrm.Web")
RESOURCES = os.path.join(WEB, "Resources")
CULTURES = ["vi", "fa"]

STR = r'"((?:[^"\\\n]|\\.)*)"'
PATTERNS = [
    re.compile(r'(?<![\w.])[Tt]\[\s*' + STR),                       # T["..."], t["..."], _t["..."]
    re.compile(r'\bErrorMessage\s*=\s*' + STR),                      # [Required(ErrorMessage = "...")]
    re.compile(r'\bDisplay\s*\(\s*Name\s*=\s*' + STR),               # [Display(Name = "...")]
    re.compile(r'\bAddModelError\s*\([^,()]*(?:\([^()]*\))?[^,()]*,\s*' + STR),  # AddModelError(key, "...")
    re.compile(r'TempData\[\s*"Flash"\s*\]\s*=\s*' + STR),           # TempData["Flash"] = "..."
    re.compile(r'\bnew\s+JobDefinition\s*\(\s*"[^"]*"\s*,\s*"[^"]*"\s*,\s*typeof\([^)]*\)\s*,\s*' + STR),
    re.compile(r'\bAccountResult\.Fail\(\s*' + STR),                  # messages shown through ModelState
    re.compile(r'(?<![\w.<])T\(\s*' + STR),                           # T("...") in the digest template
]


def unescape(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", "\\": "\\", '"': '"'}.get(m.group(1), m.group(1)), s)


def source_keys():
    keys = {}
    files = glob.glob(os.path.join(WEB, "**", "*.cshtml"), recursive=True) + \
        glob.glob(os.path.join(WEB, "**", "*.cs"), recursive=True)
    for path in sorted(files):
        rel = os.path.relpath(path, ROOT)
        if os.sep + "obj" + os.sep in path or os.sep + "bin" + os.sep in path or "Migrations" in rel:
            continue
        text = open(path, encoding="utf-8").read()
        for pattern in PATTERNS:
            for m in pattern.finditer(text):
                # skip interpolated strings: $"..." is not a fixed key
                if m.start(1) >= 2 and text[m.start(1) - 2] == "$":
                    continue
                key = unescape(m.group(1))
                if key.strip():
                    keys.setdefault(key, rel)
    return keys


def resx_path(culture=None):
    return os.path.join(RESOURCES, "SharedResource" + ("." + culture if culture else "") + ".resx")


HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def read_resx(culture=None):
    path = resx_path(culture)
    if not os.path.exists(path):
        return {}
    root = ET.parse(path).getroot()
    return {d.get("name"): (d.findtext("value") or "") for d in root.findall("data")}


def xml_escape(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


def write_resx(entries, culture=None):
    os.makedirs(RESOURCES, exist_ok=True)
    lines = [HEADER]
    for key in sorted(entries, key=lambda k: k.lower()):
        lines.append(f'  <data name="{xml_escape(key, True)}" xml:space="preserve"><value>{xml_escape(entries[key])}</value></data>\n')
    lines.append("</root>\n")
    with open(resx_path(culture), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(lines))


def placeholders(s):
    return sorted(set(re.findall(r"\{\d+(?::[^}]*)?\}", s)))


def main(argv):
    src = source_keys()
    en = read_resx()
    if "--add" in argv:
        added = [k for k in src if k not in en]
        for k in added:
            en[k] = k
        write_resx(en)
        print(f"Added {len(added)} English keys to {os.path.relpath(resx_path(), ROOT)}")
        for k in added:
            print("  + " + k)
        return 0
    if "--todo" in argv:
        culture = argv[argv.index("--todo") + 1]
        tr = read_resx(culture)
        for k in sorted(en, key=str.lower):
            if not tr.get(k, "").strip():
                print(k.replace("\n", "\\n") + "\t")
        return 0
    if "--import" in argv:
        i = argv.index("--import")
        culture, path = argv[i + 1], argv[i + 2]
        tr = read_resx(culture)
        count = 0
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if "\t" not in line:
                continue
            key, value = line.split("\t", 1)
            key, value = key.replace("\\n", "\n"), value.replace("\\n", "\n")
            if not value.strip():
                continue
            if key not in en:
                print(f"not an English key, skipped: {key}")
                continue
            if placeholders(key) != placeholders(value):
                print(f"placeholders differ, skipped: {key} -> {value}")
                continue
            tr[key] = value
            count += 1
        write_resx(tr, culture)
        print(f"Imported {count} {culture} translations")
        return 0
    if "--unused" in argv:
        for k in sorted(set(en) - set(src), key=str.lower):
            print(k)
        return 0

    problems = 0
    for k, where in src.items():
        if k not in en:
            print(f"missing in en: {k!r}  ({where})")
            problems += 1
    for culture in CULTURES:
        tr = read_resx(culture)
        for k in en:
            if not tr.get(k, "").strip():
                print(f"missing in {culture}: {k!r}")
                problems += 1
            elif placeholders(k) != placeholders(tr[k]):
                print(f"placeholders differ in {culture}: {k!r} -> {tr[k]!r}")
                problems += 1
    print(f"{len(src)} keys in the source, {len(en)} in English, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

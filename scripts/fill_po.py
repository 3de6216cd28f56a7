"""Fill a .po catalogue from Python dicts of translations (a maintainer's helper; needs polib).

    python scripts/fill_po.py baocao/locale/vi/LC_MESSAGES/django.po translations.py [...]

Each translations.py defines dicts whose keys are msgids (or (msgid, msgid_plural) tuples) and
values the Vietnamese text.  Fuzzy entries are replaced; what is still missing is printed.
"""

import runpy
import sys

import polib


def main():
    po = polib.pofile(sys.argv[1])
    table = {}
    for path in sys.argv[2:]:
        for name, value in runpy.run_path(path).items():
            if isinstance(value, dict) and not name.startswith("_"):
                table.update(value)
    po.metadata.update({"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;",
                        "Content-Type": "text/plain; charset=UTF-8"})
    missing = []
    for entry in po:
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        if key in table:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: table[key]}
            else:
                entry.msgstr = table[key]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
        elif "fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)
    po.save()
    print("missing:", missing)


if __name__ == "__main__":
    main()

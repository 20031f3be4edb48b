"""The search keys a villager should have, computed from the rules in core.people.search.keys.

Independent of the SQL that writes them (core.people.search.index), for tests to compare with.
"""

from marketapp.core.people.search.keys import PINYIN_PREFIX_MAX, name_pinyins


def keys_by_the_rules(name, id_number, phone):
    """villager_search rows (key, tier) as core.people.search.keys describes them."""
    name = name.replace(" ", "")
    keys = set()
    for start in range(len(name)):
        for end in range(start + 1, len(name) + 1):
            whole, prefix = start == 0 and end == len(name), start == 0
            keys.add((name[start:end], 0 if whole else 1 if prefix else 2))
    for reading in name_pinyins(name):
        for word, longest in (("".join(reading), PINYIN_PREFIX_MAX),
                              ("".join(s[0] for s in reading), 64)):
            keys |= {(word[:n], 0 if n == len(word) else 1)
                     for n in range(1, min(len(word), longest) + 1)}
            keys.add((word, 0))
    keys |= {("#" + digits.replace("-", "")[::-1], 0) for digits in (id_number, phone) if digits}
    return keys


def write_as_key_version_2(db):
    """Make ``db`` a file as key version 2 left it: each name read one character at a time
    (李长春 li-zhang-chun only, 吕 lv only), those keys, and the version recorded as 2.

    Version 2 also had the surname readings; the names this is used with have none.
    """
    import json

    from marketapp.core.people.search import index as search_index

    with db.atomic():
        for seq, name in db.execute("SELECT seq, name FROM villagers").fetchall():
            search_index.remove(db, seq)
            syllables = name_pinyins(name)[0]
            db.execute("UPDATE villagers SET pinyin = ?, initials = ? WHERE seq = ?",
                       [json.dumps(["".join(syllables)]),
                        json.dumps(["".join(s[0] for s in syllables)]), seq])
            search_index.add(db, seq)
        db.execute("INSERT OR REPLACE INTO settings (key, value) "
                   "VALUES ('search_key_version', '2')")

"""What a search that found nobody already says about the new person.

At the registration desk the registrar types the ID number, the phone or the name into the
search; when nobody is found, Ctrl+N registers the person — with what was typed already in
its field, so 18 digits are not typed twice. Tails (the last 4 digits of an ID or phone) and
pinyin say too little to fill anything.
"""

from __future__ import annotations

import re

from marketapp.core.people.idnumber import normalise_id
from marketapp.core.people.phone import normalise_phone
from marketapp.core.textnorm import normalise_text

_ID_FORM = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")
_PHONE_FORM = re.compile(r"\+?[0-9]{7,15}")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def new_villager_fields(query: str) -> dict[str, str]:
    """{field: value} for the new-villager form from a search text: ``id_number`` for 15 or
    18 ID characters, ``phone`` for a whole number (7 digits or more), ``name`` for Chinese
    characters; several at once when separated by spaces ("王秀英 13857512345")."""
    text = normalise_text(query or "")
    whole = text.replace(" ", "")  # as the search reads it: 138 5751 2345 is one number
    if whole and not _HAN.search(whole):
        text = whole
    fields: dict[str, str] = {}
    names: list[str] = []
    for token in text.split(" "):
        if not token:
            continue
        as_id = normalise_id(token)
        if _ID_FORM.fullmatch(as_id):
            fields.setdefault("id_number", as_id)
        elif _PHONE_FORM.fullmatch(normalise_phone(token)):
            fields.setdefault("phone", token)
        elif _HAN.search(token):
            names.append(token)
    if names:
        fields["name"] = "".join(names)  # 王 秀英: one name typed with a space
    return fields

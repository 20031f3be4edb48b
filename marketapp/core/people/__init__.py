"""People: villagers and everything that decides who a person is.

The villager record and its writes (one transaction each, with a field-level audit row),
resident ID and phone rules, masking for public output, same-person merge (同一人合并),
tombstones that keep a merged-away or cleared person from coming back, retention, the
township's villages, the search over all of them (``people.search``) and the villagers
list a page at a time (``people.listing``).
"""
